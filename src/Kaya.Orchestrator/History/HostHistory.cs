namespace Kaya.Orchestrator.History;

/// <summary>What the history says about one host: the facts the status, the metrics and due-ness are computed from.</summary>
public sealed record HostHistory
{
    public required string Host { get; init; }
    /// <summary>The newest finished run, whatever its outcome.</summary>
    public RunRecord? LastAttempt { get; init; }
    /// <summary>The newest succeeded or incomplete run.</summary>
    public RunRecord? LastSuccess { get; init; }
    /// <summary>The newest failed or transport-failed run.</summary>
    public RunRecord? LastFailure { get; init; }
    /// <summary>Failed and transport-failed runs since the last success (interrupted and busy ones neither count nor reset).</summary>
    public int FailuresSinceSuccess { get; init; }
    /// <summary>A run in progress now, in a live process.</summary>
    public RunRecord? Running { get; init; }
    /// <summary>The newest run that measured the repository.</summary>
    public RunRecord? LastMeasured { get; init; }
    /// <summary>Finished runs by outcome, since the history began.</summary>
    public IReadOnlyDictionary<RunOutcome, long> RunCounts { get; init; } = new Dictionary<RunOutcome, long>();
}
