using Kaya.Orchestrator.Runs;

namespace Kaya.Orchestrator.History;

/// <summary>One run as the history keeps it. Times are UTC; sizes are bytes. Null: not known for this run.</summary>
public sealed record RunRecord
{
    /// <summary>The row id; 0 before it is stored.</summary>
    public long Id { get; init; }
    public required string Host { get; init; }
    public required RunTrigger Trigger { get; init; }
    public required DateTimeOffset Started { get; init; }
    /// <summary>Null while the run is in progress.</summary>
    public DateTimeOffset? Ended { get; init; }
    /// <summary>Null while the run is in progress.</summary>
    public RunOutcome? Outcome { get; init; }
    /// <summary>What kaya exited with, or would have for this host.</summary>
    public int? KayaExitCode { get; init; }
    public int? ResticExitCode { get; init; }
    /// <summary>One line: why the run did not succeed.</summary>
    public string? Reason { get; init; }
    public string? SnapshotId { get; init; }
    public long? FilesNew { get; init; }
    public long? FilesChanged { get; init; }
    public long? FilesUnmodified { get; init; }
    public long? BytesProcessed { get; init; }
    public long? BytesAdded { get; init; }
    /// <summary>Null while in progress; else the run's wall time (of all its attempts).</summary>
    public TimeSpan? Duration { get; init; }
    /// <summary><c>openssh</c> or <c>sshnet</c>.</summary>
    public string? Transport { get; init; }
    /// <summary>1, plus one per retry of a transient failure.</summary>
    public int Attempts { get; init; } = 1;
    public string KayaVersion { get; init; } = Kaya.Orchestrator.History.KayaVersion.Current;
    /// <summary>The repository's size on disk, measured at the run's end.</summary>
    public long? RepositoryBytes { get; init; }
    /// <summary>The repository's snapshot count, measured at the run's end.</summary>
    public int? SnapshotCount { get; init; }
    /// <summary>What the run did; only backups count for a host's status.</summary>
    public RunKind Kind { get; init; } = RunKind.Backup;
    /// <summary>restic's output (stdout and stderr, interleaved); stored compressed, capped (<see cref="RunLog"/>). Never read back in lists.</summary>
    public string? Log { get; init; }

    /// <summary>
    /// The record of a finished <see cref="BackupRun"/>: the one call a runner makes is
    /// <c>history.RecordAsync(RunRecord.From(result, trigger, ...))</c>, or <c>CompleteAsync(id, ...)</c> after <c>BeginAsync</c>.
    /// </summary>
    public static RunRecord From(BackupResult result, RunTrigger trigger, string? transport = null, int attempts = 1,
        long? repositoryBytes = null, int? snapshotCount = null, string? log = null) => new()
    {
        Host = result.Host,
        Trigger = trigger,
        Started = result.Started.ToUniversalTime(),
        Ended = (result.Started + result.Duration).ToUniversalTime(),
        Duration = result.Duration,
        Outcome = RunOutcomes.From(result.Outcome),
        KayaExitCode = result.ExitCode,
        ResticExitCode = result.ResticExitCode,
        Reason = result.Failure,
        SnapshotId = result.SnapshotId,
        BytesAdded = result.BytesAdded,
        FilesNew = result.FilesNew,
        FilesChanged = result.FilesChanged,
        FilesUnmodified = result.FilesUnmodified,
        BytesProcessed = result.BytesProcessed,
        Transport = transport,
        Attempts = attempts,
        RepositoryBytes = repositoryBytes ?? result.RepositoryBytes,
        SnapshotCount = snapshotCount ?? result.SnapshotCount,
        Log = log,
    };
}
