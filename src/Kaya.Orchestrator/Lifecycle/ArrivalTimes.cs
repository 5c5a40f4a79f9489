namespace Kaya.Orchestrator.Lifecycle;

/// <summary>Puts restic's snapshot list together with the arrival times the backup host knows.</summary>
public static class ArrivalTimes
{
    /// <summary>
    /// Arrival per snapshot id: a ledger line recorded at arrival wins over an mtime; among lines of the same
    /// source the earliest arrival wins.
    /// </summary>
    public static IReadOnlyDictionary<string, LedgerRecord> Resolve(IEnumerable<LedgerRecord> records) =>
        records.GroupBy(r => r.SnapshotId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Source == ArrivalSource.Ledger ? 0 : 1).ThenBy(r => r.Arrival).First(), StringComparer.Ordinal);

    /// <summary>
    /// Retention's input: each snapshot restic lists, with its arrival. Snapshots with no arrival at all are
    /// returned in <paramref name="unknown"/> and left out (they cannot be placed in time, so they are never removed).
    /// </summary>
    public static IReadOnlyList<SnapshotArrival> Join(IEnumerable<ResticSnapshot> snapshots, IReadOnlyDictionary<string, LedgerRecord> arrivals, out IReadOnlyList<string> unknown)
    {
        var joined = new List<SnapshotArrival>();
        var missing = new List<string>();
        foreach (var s in snapshots)
        {
            if (arrivals.TryGetValue(s.Id, out var a)) joined.Add(new SnapshotArrival(s.Id, s.Time, a.Arrival, a.Source, a.RunId, s.GroupKey) { Listed = s });
            else missing.Add(s.Id);
        }
        unknown = missing;
        return joined;
    }
}
