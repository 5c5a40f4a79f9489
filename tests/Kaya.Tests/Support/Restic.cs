using System.Diagnostics;

namespace Kaya.Tests.Support;

/// <summary>The real restic client from Debian.</summary>
public sealed class Restic(string repository, string password = "test-repository-password")
{
    public async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("restic") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-r");
        info.ArgumentList.Add(repository);
        info.ArgumentList.Add("--no-cache");
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["RESTIC_PASSWORD"] = password;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return (process.ExitCode, await stdout, await stderr);
    }

    public async Task<string> MustAsync(params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(args);
        Assert.True(code == 0, $"restic {string.Join(' ', args)} exited {code}: {stderr}");
        return stdout;
    }
}

public static class Trees
{
    /// <summary>A seeded tree of files: a few larger ones, many small ones, an empty one.</summary>
    public static string Generate(string root, int seed, int bigFiles = 3, int smallFiles = 200)
    {
        var random = new Random(seed);
        Directory.CreateDirectory(root);
        for (var i = 0; i < bigFiles; i++)
        {
            var data = new byte[3 * 1024 * 1024 + random.Next(100_000)];
            random.NextBytes(data);
            File.WriteAllBytes(Path.Combine(root, $"big-{i}.bin"), data);
        }
        var sub = Path.Combine(root, "sub dir");
        Directory.CreateDirectory(sub);
        for (var i = 0; i < smallFiles; i++)
        {
            var data = new byte[random.Next(1, 20_000)];
            random.NextBytes(data);
            File.WriteAllBytes(Path.Combine(sub, $"small-{i}.dat"), data);
        }
        File.WriteAllText(Path.Combine(root, "empty"), "");
        return root;
    }

    public static void AssertSame(string expected, string actual)
    {
        var files = Directory.GetFiles(expected, "*", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(expected, file);
            var copy = Path.Combine(actual, relative);
            Assert.True(File.Exists(copy), $"missing after restore: {relative}");
            Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(copy)), $"differs after restore: {relative}");
        }
    }
}

public static class Temp
{
    public static string Dir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "kaya-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
