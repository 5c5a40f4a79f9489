using Kaya.Orchestrator.Monitoring;

namespace Kaya.Web;

/// <summary>What the status page shows at one instant: every host's status, computed from the history.</summary>
public sealed record FleetSnapshot
{
    /// <summary>Every host of hosts.d, in hosts.d's order.</summary>
    public required IReadOnlyList<HostStatus> Hosts { get; init; }
    /// <summary>Repositories in backup_root without a hosts.d file.</summary>
    public IReadOnlyList<string> UnconfiguredRepositories { get; init; } = [];
    /// <summary>When it was computed (UTC).</summary>
    public required DateTimeOffset GeneratedAt { get; init; }
    /// <summary>The zone times are shown in: the backup host's local zone.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;
    /// <summary>The newest scrub's result (lifecycle issue); null: never scrubbed, or no scrub support.</summary>
    public ScrubSummary? LastScrub { get; init; }
}

/// <summary>One scrub's result as the header line shows it.</summary>
/// <param name="Ended">when it ended (UTC)</param>
/// <param name="Healthy">true when it found no damage</param>
/// <param name="Text">one line, e.g. "12 repositories, no damage"</param>
public sealed record ScrubSummary(DateTimeOffset Ended, bool Healthy, string Text);
