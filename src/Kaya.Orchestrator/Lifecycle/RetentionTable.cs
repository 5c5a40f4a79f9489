using System.Text;

namespace Kaya.Orchestrator.Lifecycle;

/// <summary>Plain-text tables of a retention selection, for <c>kaya HOST forget</c> and <c>snapshots --arrival</c>.</summary>
public static class RetentionTable
{
    private const string TimeFormat = "yyyy-MM-dd HH:mm";

    /// <summary>id, client time, arrival time (in <paramref name="zone"/>), source, skew flag, keep/remove and the rules that keep it.</summary>
    public static string Format(RetentionPlan plan, TimeZoneInfo zone, TimeSpan skewAlarm)
    {
        var text = new StringBuilder();
        text.AppendLine($"{"ID",-8}  {"Client time",-16}  {"Arrival",-16}  {"Source",-6}  {"Skew",-4}  {"Decision",-8}  Reason");
        foreach (var d in plan.Decisions)
        {
            var s = d.Snapshot;
            text.AppendLine($"{s.ShortId,-8}  {s.ClientTime.ToString(TimeFormat, null),-16}  {Local(s.Arrival, zone),-16}  {Source(s),-6}  {(ArrivalRetention.IsSkewed(s, skewAlarm) ? "!" : ""),-4}  {(d.Keep ? "keep" : "remove"),-8}  {Reason(d)}");
        }
        if (plan.Refusal is { } refusal) text.AppendLine($"refused: {refusal}");
        return text.ToString();
    }

    /// <summary>id, client time, arrival time (in <paramref name="zone"/>), source, and "!" where the two differ by more than <paramref name="skewAlarm"/>; newest arrival first.</summary>
    public static string Arrivals(IEnumerable<SnapshotArrival> snapshots, TimeZoneInfo zone, TimeSpan skewAlarm)
    {
        var text = new StringBuilder();
        text.AppendLine($"{"ID",-8}  {"Client time",-16}  {"Arrival",-16}  {"Source",-6}  Skew");
        foreach (var s in snapshots.OrderByDescending(s => s.Arrival).ThenBy(s => s.Id, StringComparer.Ordinal))
            text.AppendLine($"{s.ShortId,-8}  {s.ClientTime.ToString(TimeFormat, null),-16}  {Local(s.Arrival, zone),-16}  {Source(s),-6}  {(ArrivalRetention.IsSkewed(s, skewAlarm) ? "!" : "")}".TrimEnd());
        return text.ToString();
    }

    /// <summary>
    /// The same snapshots under both selections: Kaya's (arrival times) and restic's own (client times), ordered
    /// by arrival. Shows what a forged clock would have cost.
    /// </summary>
    public static string SideBySide(RetentionPlan byArrival, RetentionPlan byClientTime, TimeZoneInfo zone)
    {
        var text = new StringBuilder();
        text.AppendLine($"{"ID",-8}  {"Client time",-16}  {"Arrival",-16}  {"Kaya (arrival)",-40}  restic (client time)");
        foreach (var d in byArrival.Decisions)
        {
            var s = d.Snapshot;
            var c = byClientTime.For(s.Id);
            text.AppendLine($"{s.ShortId,-8}  {s.ClientTime.ToString(TimeFormat, null),-16}  {Local(s.Arrival, zone),-16}  {Cell(d),-40}  {Cell(c)}");
        }
        return text.ToString();
    }

    private static string Local(DateTimeOffset t, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(t, zone).ToString(TimeFormat, null);

    private static string Source(SnapshotArrival s) => s.Source == ArrivalSource.Ledger ? "ledger" : "mtime";

    private static string Reason(RetentionDecision d) => d.Keep ? string.Join(", ", d.Reasons) : d.Note ?? "";

    private static string Cell(RetentionDecision d) => d.Keep ? $"keep ({string.Join(", ", d.Reasons)})" : "remove";
}
