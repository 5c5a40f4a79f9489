using System.Diagnostics;

namespace Kaya.Orchestrator.Tests.Support;

/// <summary>Runs a program to its end and returns its exit code and output.</summary>
public static class Programs
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) info.Environment[k] = v;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The local restic on a repository folder, opened with its password file as the original documents.</summary>
    public static Task<Result> ResticAsync(string repository, params string[] args) =>
        RunAsync("restic", ["-r", repository, "-p", System.IO.Path.Combine(repository, "repo-password-keep"), "--no-cache", .. args]);
}
