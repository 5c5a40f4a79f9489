using Kaya.Orchestrator.Monitoring;

namespace Kaya.Web;

/// <summary>
/// The orders of the fleet table, chosen by <c>?sort=KEY&amp;order=asc|desc</c> links so that sorting needs no script.
/// The default puts the hosts that need a look first: failing, stale, running, never, ok, disabled.
/// </summary>
internal sealed record FleetSort(string Key, bool Descending)
{
    public static readonly FleetSort Default = new("state", false);

    private static readonly Dictionary<string, Func<HostStatus, IComparable?>> Keys = new(StringComparer.Ordinal)
    {
        ["host"] = h => h.Host,
        ["state"] = h => Severity(h.State),
        // An age: a missing success is the oldest of all.
        ["last-success"] = h => h.LastSuccess ?? DateTimeOffset.MinValue,
        ["last-run"] = h => h.LastAttempt?.Started ?? DateTimeOffset.MinValue,
        ["duration"] = h => h.LastAttempt?.Duration,
        ["added"] = h => h.LastAttempt?.BytesAdded,
        ["size"] = h => h.RepositoryBytes,
        ["snapshots"] = h => h.SnapshotCount,
        ["next-due"] = h => h.NextDue ?? DateTimeOffset.MaxValue,
    };

    /// <summary>The sort a query asks for; an unknown key or order falls back to the default rather than failing.</summary>
    public static FleetSort Parse(string? key, string? order) =>
        key is not null && Keys.ContainsKey(key) ? new(key, order == "desc") : Default with { Descending = order == "desc" };

    public IReadOnlyList<HostStatus> Apply(IEnumerable<HostStatus> hosts)
    {
        var value = Keys[Key];
        var comparer = Comparer<IComparable?>.Create((a, b) => (a, b) switch
        {
            (null, null) => 0,
            (null, _) => 1,      // unknown values last, whichever the order
            (_, null) => -1,
            _ => (Descending ? -1 : 1) * a.CompareTo(b),
        });
        return hosts.OrderBy(value, comparer).ThenBy(h => Severity(h.State)).ThenBy(h => h.Host, StringComparer.Ordinal).ToList();
    }

    private static int Severity(HostState state) => state switch
    {
        HostState.Failing => 0,
        HostState.Stale => 1,
        HostState.Running => 2,
        HostState.Never => 3,
        HostState.Ok => 4,
        _ => 5,
    };
}
