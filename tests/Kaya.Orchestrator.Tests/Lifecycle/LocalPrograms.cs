using Kaya.Orchestrator.Tests.Support;

namespace Kaya.Orchestrator.Tests.Lifecycle;

/// <summary>
/// The programs the lifecycle tests run, in one place: restic on a repository folder with its
/// repo-password-keep, and the kaya CLI. (Only this file needs to follow the shared test kit's names.)
/// </summary>
internal static class LocalPrograms
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static async Task<Outcome> ResticAsync(string repository, params string[] args)
    {
        var r = await Programs.ResticAsync(repository, args);
        return new Outcome(r.ExitCode, r.Stdout, r.Stderr);
    }

    public static async Task<Outcome> KayaAsync(params string[] args)
    {
        var r = await Programs.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "kaya.dll"), .. args]);
        return new Outcome(r.ExitCode, r.Stdout, r.Stderr);
    }
}
