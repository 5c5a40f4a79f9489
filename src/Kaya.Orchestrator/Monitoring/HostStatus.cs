using Kaya.Orchestrator.History;

namespace Kaya.Orchestrator.Monitoring;

/// <summary>One host's status at an instant: what <c>kaya status</c> prints and the metrics export. Times UTC.</summary>
public sealed record HostStatus
{
    public required string Host { get; init; }
    public required HostState State { get; init; }
    /// <summary>Whether a stale or failing condition holds under the shown state (a running host can be stale too).</summary>
    public required bool IsStale { get; init; }
    public required TimeSpan Interval { get; init; }
    public required TimeSpan MaxAge { get; init; }
    /// <summary>When the last succeeded or incomplete run started: the instant its snapshot captures.</summary>
    public DateTimeOffset? LastSuccess { get; init; }
    public TimeSpan? LastSuccessAge { get; init; }
    /// <summary>The newest finished run.</summary>
    public RunRecord? LastAttempt { get; init; }
    /// <summary>The run in progress.</summary>
    public RunRecord? Running { get; init; }
    /// <summary>restic's latest status for <see cref="Running"/>, when this process runs it (the daemon's page); else null.</summary>
    public Runs.RunProgress? Progress { get; init; }
    public long? RepositoryBytes { get; init; }
    public int? SnapshotCount { get; init; }
    /// <summary>When the host is next due; null when disabled. At or before now: due now.</summary>
    public DateTimeOffset? NextDue { get; init; }
    /// <summary>Whether a run should start now (due and inside backup_window).</summary>
    public required bool IsDue { get; init; }
    /// <summary>Finished runs by outcome (for the metrics).</summary>
    public IReadOnlyDictionary<RunOutcome, long> RunCounts { get; init; } = new Dictionary<RunOutcome, long>();
}
