using Kaya.Orchestrator.Config;

namespace Kaya.Orchestrator.Runs;

/// <summary>One <c>kaya HOST backup -- RESTIC_ARGS</c>.</summary>
public sealed record BackupRequest
{
    public required KayaConfig Config { get; init; }
    public required string Host { get; init; }
    /// <summary>The remote user; root, as in the original.</summary>
    public string User { get; init; } = "root";
    public IReadOnlyList<string> ResticArgs { get; init; } = [];
    /// <summary>The most the host's repository may hold, in bytes (hosts.d <c>quota</c>); null: no limit.</summary>
    public long? Quota { get; init; }
    /// <summary>Names the run's credentials and its snapshots' ledger records (the history's run id); null: a random one.</summary>
    public string? RunId { get; init; }
}
