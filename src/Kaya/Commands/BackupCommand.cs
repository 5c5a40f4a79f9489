using System.CommandLine;

namespace Kaya.Cli.Commands;

/// <summary><c>kaya [-c CONFIG] [-u REMOTE_USER] HOST backup -- RESTIC_ARGS</c> (to be built: orchestrator issue).</summary>
internal static class BackupCommand
{
    /// <summary>Adds the HOST backup form to the root command.</summary>
    public static void Configure(RootCommand root)
    {
    }
}
