using System.Globalization;

namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// restic 0.14's <c>ApplyPolicy</c> (internal/restic/snapshot_policy.go) over any list of times: walking from
/// newest to oldest, each counting rule keeps an entry whose bucket (hour, day, ISO week, month, year of the
/// wall clock; "last": every entry) differs from the bucket of the previous entry it kept, until its count
/// is spent; <c>--keep-within</c> keeps every entry strictly after <c>latest - DURATION</c>, where latest is
/// the newest time that is not in the future. Both retention engines run on this; only the times differ.
/// </summary>
internal static class KeepBuckets
{
    /// <summary>Keep reasons per entry, in the order given.</summary>
    /// <param name="times">newest first; each in the offset whose wall clock defines its buckets</param>
    /// <param name="now">restic's time.Now(), for "latest must not be in the future"</param>
    /// <param name="zone">the zone for the calendar step of keep-within; null: each time's own offset (restic)</param>
    public static List<string>[] Apply(IReadOnlyList<DateTimeOffset> times, KeepPolicy policy, DateTimeOffset now, TimeZoneInfo? zone, out DateTimeOffset? withinCutOff)
    {
        var reasons = new List<string>[times.Count];
        withinCutOff = null;
        if (policy.IsEmpty)
        {
            for (var i = 0; i < times.Count; i++) reasons[i] = ["policy is empty"];
            return reasons;
        }

        var buckets = new (int Count, Func<DateTime, int, long> Bucket, long Last, string Reason)[]
        {
            (policy.Last, static (_, nr) => nr, -1, "last snapshot"),
            (policy.Hourly, static (d, _) => d.Year * 1000000L + d.Month * 10000 + d.Day * 100 + d.Hour, -1, "hourly snapshot"),
            (policy.Daily, static (d, _) => d.Year * 10000L + d.Month * 100 + d.Day, -1, "daily snapshot"),
            (policy.Weekly, static (d, _) => ISOWeek.GetYear(d) * 100L + ISOWeek.GetWeekOfYear(d), -1, "weekly snapshot"),
            (policy.Monthly, static (d, _) => d.Year * 100L + d.Month, -1, "monthly snapshot"),
            (policy.Yearly, static (d, _) => d.Year, -1, "yearly snapshot"),
        };

        if (!policy.Within.IsZero)
        {
            // Go's zero time when nothing qualifies: every entry is then "within".
            var latest = times.Where(t => t < now).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
            withinCutOff = latest == DateTimeOffset.MinValue ? latest : policy.Within.CutOff(latest, zone);
        }

        for (var nr = 0; nr < times.Count; nr++)
        {
            var cur = times[nr];
            var keep = new List<string>();
            if (withinCutOff is { } cut && cur > cut) keep.Add($"within {policy.Within}");
            for (var b = 0; b < buckets.Length; b++)
            {
                if (buckets[b].Count <= 0) continue;
                var value = buckets[b].Bucket(cur.DateTime, nr);
                if (value == buckets[b].Last) continue;
                buckets[b].Last = value;
                buckets[b].Count--;
                keep.Add(buckets[b].Reason);
            }
            reasons[nr] = keep;
        }
        return reasons;
    }
}
