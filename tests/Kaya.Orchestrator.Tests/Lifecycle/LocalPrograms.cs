using Kaya.Orchestrator.Runs;

namespace Kaya.Orchestrator.Tests.Lifecycle;

/// <summary>The programs the lifecycle tests run: restic on a repository folder with its repo-password-keep, and the kaya CLI.</summary>
internal static class LocalPrograms
{
    public static Task<ProgramResult> ResticAsync(string repository, params string[] args) =>
        Restic.WithPasswordFile(repository, Path.Combine(repository, RepositoryPassword.FileName)).RunAsync(args);

    public static Task<ProgramResult> KayaAsync(params string[] args) => KayaCli.RunAsync(args);
}
