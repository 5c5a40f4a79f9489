using Kaya.Orchestrator.Lifecycle;

namespace Kaya.Orchestrator.Fleet;

/// <summary>The daemon's maintenance of a repository.</summary>
public enum MaintenanceKind
{
    /// <summary><c>kaya scrub HOST</c> on scrub_interval.</summary>
    Scrub,
    /// <summary><c>kaya HOST forget</c> with the host's keep_* rules on forget_interval (and prune with forget_prune).</summary>
    Forget,
}

/// <summary>One due job: what, for which host, and (a forget) with which rules.</summary>
public sealed record MaintenanceJob(MaintenanceKind Kind, HostConfig Host, KeepPolicy? Policy = null)
{
    public override string ToString() => $"{(Kind == MaintenanceKind.Scrub ? "scrub" : "forget")} {Host.Name}";
}
