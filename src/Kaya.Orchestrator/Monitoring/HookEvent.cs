using Kaya.Orchestrator.Config;

namespace Kaya.Orchestrator.Monitoring;

/// <summary>Which hook fires: kaya.conf's on_failure, on_stale, on_recovery, on_success.</summary>
public enum HookKind
{
    Failure,
    Stale,
    Recovery,
    Success,
}

/// <summary>A hook to run for one host, with the data it gets in its environment.</summary>
public sealed record HookEvent
{
    public required HookKind Kind { get; init; }
    public required string Host { get; init; }
    /// <summary>The host's state now (KAYA_STATE).</summary>
    public required HostState State { get; init; }
    /// <summary>The last run's outcome (KAYA_OUTCOME), kebab-case; empty when none.</summary>
    public string Outcome { get; init; } = "";
    /// <summary>Why (KAYA_REASON); cleaned to one printable line of at most 300 characters before it is passed.</summary>
    public string Reason { get; init; } = "";
    /// <summary>The last success (KAYA_LAST_SUCCESS, RFC 3339 UTC; empty when never).</summary>
    public DateTimeOffset? LastSuccess { get; init; }

    /// <summary>The command kaya.conf gives this kind of hook; null when none is set.</summary>
    public string? CommandIn(KayaConfig config) => Kind switch
    {
        HookKind.Failure => config.OnFailure,
        HookKind.Stale => config.OnStale,
        HookKind.Recovery => config.OnRecovery,
        _ => config.OnSuccess,
    };

    public string KindText => Kind switch
    {
        HookKind.Failure => "failure",
        HookKind.Stale => "stale",
        HookKind.Recovery => "recovery",
        _ => "success",
    };
}
