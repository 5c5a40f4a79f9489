namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// Retention that a compromised client cannot game: restic's keep rules (<see cref="KeepBuckets"/>), applied
/// to the times the backup host saw snapshots arrive instead of the times the client wrote into them.
/// Two further rules: keep rules count runs, not snapshots (the snapshots one run uploaded count once, by
/// the newest of them, so a run cannot push the real history out by uploading many), and the newest arrival
/// of each group is never removed.
/// </summary>
public static class ArrivalRetention
{
    /// <summary>Default for <c>clock_skew_alarm</c>: client and arrival times further apart than this are flagged (issue 10).</summary>
    public static readonly TimeSpan DefaultClockSkewAlarm = TimeSpan.FromHours(1);

    /// <summary>Fewer mtime-dated snapshots than this never trip the shared-minute check: two backups a minute apart are plausible.</summary>
    private const int SharedMinuteMinimum = 3;

    /// <summary>Selects what to keep.</summary>
    /// <param name="zone">the backup host's zone: hour, day, week, month and year buckets follow its wall clock, as restic's follow the client's</param>
    /// <param name="now">the current time (TimeProvider); arrivals after it do not count as "latest" for keep-within, as in restic</param>
    /// <param name="force">apply the rules even though most mtime-dated snapshots share one arrival minute</param>
    public static RetentionPlan Plan(IEnumerable<SnapshotArrival> snapshots, KeepPolicy policy, TimeZoneInfo zone, DateTimeOffset now, bool force = false)
    {
        var all = snapshots.ToList();
        var decisions = new List<RetentionDecision>();
        foreach (var group in all.GroupBy(s => s.Group, StringComparer.Ordinal)) decisions.AddRange(PlanGroup([.. group], policy, zone, now));
        decisions = [.. decisions.OrderByDescending(d => d.Snapshot.Arrival).ThenBy(d => d.Snapshot.Id, StringComparer.Ordinal)];
        return new RetentionPlan(policy, decisions, force ? null : SharedMinuteRefusal(all));
    }

    /// <summary>True when the client's claimed time and the arrival time differ by more than <paramref name="alarm"/>.</summary>
    public static bool IsSkewed(SnapshotArrival snapshot, TimeSpan alarm) => (snapshot.ClientTime - snapshot.Arrival).Duration() > alarm;

    private static IEnumerable<RetentionDecision> PlanGroup(List<SnapshotArrival> group, KeepPolicy policy, TimeZoneInfo zone, DateTimeOffset now)
    {
        static IOrderedEnumerable<SnapshotArrival> NewestFirst(IEnumerable<SnapshotArrival> s) =>
            s.OrderByDescending(x => x.Arrival).ThenBy(x => x.Id, StringComparer.Ordinal);

        // One unit per run; a snapshot without a run is a unit of its own. The newest snapshot stands for the run.
        var units = group.GroupBy(s => s.RunId ?? "\0" + s.Id, StringComparer.Ordinal)
            .Select(run => NewestFirst(run).ToList())
            .OrderByDescending(members => members[0].Arrival).ThenBy(members => members[0].Id, StringComparer.Ordinal)
            .ToList();
        var times = units.Select(u => TimeZoneInfo.ConvertTime(u[0].Arrival, zone)).ToList();
        var reasons = KeepBuckets.Apply(times, policy, now, zone, out var cutOff);

        for (var u = 0; u < units.Count; u++)
        {
            var members = units[u];
            var keep = reasons[u];
            if (u == 0 && keep.Count == 0) keep = ["newest arrival"];
            yield return new RetentionDecision(members[0], keep.Count > 0, keep);
            foreach (var older in members.Skip(1))
            {
                // Non-counting rules still apply to each snapshot of the run.
                if (policy.IsEmpty) yield return new RetentionDecision(older, true, ["policy is empty"]);
                else if (cutOff is { } cut && older.Arrival > cut) yield return new RetentionDecision(older, true, [$"within {policy.Within}"]);
                else yield return new RetentionDecision(older, false, [], $"run {older.RunId} counts once, by its newest snapshot {members[0].ShortId}");
            }
        }
    }

    private static string? SharedMinuteRefusal(List<SnapshotArrival> all)
    {
        var dated = all.Where(s => s.Source == ArrivalSource.Mtime).ToList();
        if (dated.Count < SharedMinuteMinimum) return null;
        var largest = dated.GroupBy(s => s.Arrival.UtcTicks / TimeSpan.TicksPerMinute).MaxBy(g => g.Count())!;
        if (largest.Count() * 2 <= dated.Count) return null;
        var minute = new DateTimeOffset(largest.Key * TimeSpan.TicksPerMinute, TimeSpan.Zero);
        return $"{largest.Count()} of the {dated.Count} snapshots dated by file mtime arrived in the same minute ({minute:yyyy-MM-dd HH:mm} UTC): " +
            "the repository was probably copied with a tool that reset mtimes, so these times say nothing about when the snapshots were made. " +
            "Check them with 'kaya HOST snapshots --arrival'; --force applies the rules anyway.";
    }
}
