namespace Kaya.Orchestrator.Runs;

/// <summary>How a restore on a target ended; every ending is one.</summary>
public sealed record RestoreResult
{
    public required string Host { get; init; }
    public required BackupOutcome Outcome { get; init; }
    public required DateTimeOffset Started { get; init; }
    public required TimeSpan Duration { get; init; }
    /// <summary>What <c>kaya HOST restore-to-target</c> exits with: 0, restic's own code, or kaya's (<see cref="ExitCodes"/>).</summary>
    public required int ExitCode { get; init; }
    /// <summary>restic's exit code on the target; null when restic never reported one.</summary>
    public int? ResticExitCode { get; init; }
    /// <summary>The snapshot restored (as asked, after <c>latest</c> was resolved).</summary>
    public required string SnapshotId { get; init; }
    /// <summary>One line: what failed and what to do; null on success.</summary>
    public string? Failure { get; init; }
    /// <summary>Lock objects of this run that restic left and the server removed at its end.</summary>
    public IReadOnlyList<string> LocksRemoved { get; init; } = [];
    /// <summary>The classified failure behind <see cref="Failure"/>, for --debug.</summary>
    public KayaException? Exception { get; init; }
}
