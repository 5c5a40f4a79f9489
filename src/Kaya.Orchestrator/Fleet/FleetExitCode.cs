using Kaya.Orchestrator.History;

namespace Kaya.Orchestrator.Fleet;

/// <summary>
/// What <c>kaya run</c> exits with: 0 when every host succeeded (or was incomplete), else the most severe of its
/// hosts' codes, in this order (README "Exit codes"): unexpected 70, database 24, backup_root missing 23,
/// config 20, SSH 21, busy 22, then restic's own failure codes (the highest first).
/// </summary>
public static class FleetExitCode
{
    /// <summary>Most severe first: a fault of the backup host before a fault of one target, which is before a host that was only busy.</summary>
    public static readonly IReadOnlyList<int> Severity =
        [ExitCodes.Unexpected, ExitCodes.Database, ExitCodes.BackupRootMissing, ExitCodes.Config, ExitCodes.Transport, ExitCodes.HostBusy];

    public static int Of(IEnumerable<RunRecord> runs) =>
        MostSevere(runs.Where(r => r.Outcome?.IsSuccess() != true).Select(r => r.KayaExitCode ?? ExitCodes.Failure));

    /// <summary>The most severe of <paramref name="exitCodes"/> by <see cref="Severity"/>, then the highest; 0 when all are 0.</summary>
    public static int MostSevere(IEnumerable<int> exitCodes)
    {
        var codes = exitCodes.Where(c => c != ExitCodes.Success).ToList();
        if (codes.Count == 0) return ExitCodes.Success;
        foreach (var code in Severity)
        {
            if (codes.Contains(code)) return code;
        }
        return codes.Max();
    }
}
