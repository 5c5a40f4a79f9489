namespace Kaya.Orchestrator.Monitoring;

/// <summary>A host's state in <c>kaya status</c>, the metrics and the hooks. Printed in kebab-case (<see cref="HostStates.ToText"/>).</summary>
public enum HostState
{
    /// <summary>The last success is within max_age and the last decisive run succeeded.</summary>
    Ok,
    /// <summary>The last success is older than max_age.</summary>
    Stale,
    /// <summary>The last decisive run failed.</summary>
    Failing,
    /// <summary>Never succeeded and never failed (not run yet, or only interrupted or busy).</summary>
    Never,
    /// <summary><c>enabled=no</c> in its hosts.d file.</summary>
    Disabled,
    /// <summary>A run is in progress.</summary>
    Running,
}

public static class HostStates
{
    public static string ToText(this HostState state) => state switch
    {
        HostState.Ok => "ok",
        HostState.Stale => "stale",
        HostState.Failing => "failing",
        HostState.Never => "never",
        HostState.Disabled => "disabled",
        _ => "running",
    };

    /// <summary>Whether the state makes <c>kaya status</c> exit 1: stale or failing.</summary>
    public static bool IsProblem(this HostState state) => state is HostState.Stale or HostState.Failing;
}
