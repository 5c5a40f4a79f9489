using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Kaya.Conformance.Tests;

/// <summary>A directory under the system temp folder, deleted at dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("kaya-conformance-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Starting the servers the suite is proven against.</summary>
internal static partial class Servers
{
    public const string User = "alice", Password = "alice-secret", Other = "bob", OtherPassword = "bob-secret";

    [GeneratedRegex(@"start server on (?<addr>\S+)")]
    private static partial Regex StartLine();

    [GeneratedRegex(@"Serving restic REST API on http://(?<addr>[^/\s]+)/")]
    private static partial Regex RcloneLine();

    /// <summary>The kaya built next to this test assembly (the test project references src/Kaya).</summary>
    public static Task<ServerProcess> KayaAsync(string data, params string[] flags) =>
        ServerProcess.StartAsync("dotnet", [System.IO.Path.Combine(AppContext.BaseDirectory, "kaya.dll"), "serve", "--path", data, "--listen", "127.0.0.1:0", .. flags], StartLine());

    /// <summary>Debian's rclone (1.60) serving restic on a free loopback port.</summary>
    public static Task<ServerProcess> RcloneAsync(string data, params string[] flags) =>
        ServerProcess.StartAsync("rclone", ["serve", "restic", "--addr", $"127.0.0.1:{ServerProcess.FreePort()}", "--config", "/dev/null", data, .. flags], RcloneLine());

    /// <summary>An upstream rest-server binary (REST_SERVER_BIN), when one is available.</summary>
    public static Task<ServerProcess> RestServerAsync(string binary, string data, params string[] flags) =>
        ServerProcess.StartAsync(binary, ["--path", data, "--listen", "127.0.0.1:0", .. flags], StartLine());

    /// <summary>An htpasswd file with bcrypt entries for both test users, made by Apache's htpasswd.</summary>
    public static async Task<string> HtpasswdAsync(string dir)
    {
        var file = System.IO.Path.Combine(dir, ".htpasswd");
        await RunAsync("htpasswd", "-B", "-b", "-c", file, User, Password);
        await RunAsync("htpasswd", "-B", "-b", file, Other, OtherPassword);
        return file;
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var err = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} failed ({p.ExitCode}): {err}");
    }

    public static ConformanceOptions Options(Uri url, bool auth = false, bool other = false) => new()
    {
        BaseUrl = url,
        User = auth ? User : null,
        Password = auth ? Password : null,
        OtherUser = other ? Other : null,
        OtherPassword = other ? OtherPassword : null,
    };

    public static async Task<RunSummary> RunAsync(ConformanceOptions options, Action<string>? log = null)
    {
        var output = new StringWriter();
        var summary = await ConformanceRunner.RunAsync(options, output, CancellationToken.None);
        log?.Invoke(output.ToString());
        return summary;
    }

    public static string Failures(RunSummary summary) =>
        string.Join("\n", summary.Outcomes.Where(o => !o.Passed).Select(o => $"FAIL {o.Case.Id} {o.Case.Description}: {o.Detail}"));
}
