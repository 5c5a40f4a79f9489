namespace Kaya.Orchestrator.Runs;

/// <summary>One run's outcome: what a history database and metrics will read. Every ending of a run is one.</summary>
public sealed record BackupResult
{
    public required string Host { get; init; }
    public required BackupOutcome Outcome { get; init; }
    public required DateTimeOffset Started { get; init; }
    public required TimeSpan Duration { get; init; }
    /// <summary>
    /// What <c>kaya HOST backup</c> exits with (<see cref="ExitCodes"/>, or restic's own code). An
    /// interrupted run says <see cref="ExitCodes.Interrupted"/>; a caller that knows the signal says 143 for SIGTERM.
    /// </summary>
    public required int ExitCode { get; init; }
    /// <summary>restic's exit code on the target; null when restic never reported one.</summary>
    public int? ResticExitCode { get; init; }
    public string? SnapshotId { get; init; }
    public long? BytesAdded { get; init; }
    public long? FilesNew { get; init; }
    public long? FilesChanged { get; init; }
    public long? FilesUnmodified { get; init; }
    public long? BytesProcessed { get; init; }
    /// <summary>The repository's bytes and snapshots at the run's end, measured through the server; null when not measured.</summary>
    public long? RepositoryBytes { get; init; }
    public int? SnapshotCount { get; init; }
    /// <summary>One line: what failed and what to do; null on success.</summary>
    public string? Failure { get; init; }
    /// <summary>Whether trying again later may help.</summary>
    public bool IsTransient { get; init; }
    /// <summary>
    /// Lock objects this run's credentials created that were still in the repository when it ended, which
    /// the server removed (RUN-2): restic was cut off before it could. Empty when restic removed its own.
    /// </summary>
    public IReadOnlyList<string> LocksRemoved { get; init; } = [];
    /// <summary>The classified failure behind <see cref="Failure"/>, for --debug; null when the run ended on restic's word.</summary>
    public KayaException? Exception { get; init; }

    /// <summary>The outcome a classified failure means: by its exit code, the one place this mapping lives.</summary>
    public static BackupOutcome OutcomeOf(KayaException e) => e.ExitCode switch
    {
        ExitCodes.HostBusy => BackupOutcome.HostBusy,
        ExitCodes.Transport => BackupOutcome.TransportFailed,
        ExitCodes.Unexpected => BackupOutcome.Unexpected,
        _ => BackupOutcome.ConfigFailed,
    };
}
