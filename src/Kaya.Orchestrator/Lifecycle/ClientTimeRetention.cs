namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// What <c>restic forget</c> 0.14 itself would select: the same keep rules on the client's own snapshot
/// times, per group, buckets on each time's recorded offset (Go keeps the offset parsed from the snapshot).
/// Kaya never applies this; it exists to show, side by side, what a forged clock would have cost.
/// </summary>
public static class ClientTimeRetention
{
    /// <param name="now">restic's time.Now() (keep-within ignores snapshots from the future)</param>
    public static RetentionPlan Plan(IEnumerable<SnapshotArrival> snapshots, KeepPolicy policy, DateTimeOffset now)
    {
        var decisions = new List<RetentionDecision>();
        foreach (var group in snapshots.GroupBy(s => s.Group, StringComparer.Ordinal))
        {
            // restic: sort.Stable by time, newest first; ties here by id so the result does not depend on listing order.
            var ordered = group.OrderByDescending(s => s.ClientTime).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
            var reasons = KeepBuckets.Apply([.. ordered.Select(s => s.ClientTime)], policy, now, zone: null, out _);
            for (var i = 0; i < ordered.Count; i++) decisions.Add(new RetentionDecision(ordered[i], reasons[i].Count > 0, reasons[i]));
        }
        return new RetentionPlan(policy, [.. decisions.OrderByDescending(d => d.Snapshot.ClientTime).ThenBy(d => d.Snapshot.Id, StringComparer.Ordinal)]);
    }
}
