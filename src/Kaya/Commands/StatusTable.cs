using Kaya.Orchestrator;
using System.Globalization;
using System.Text;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Monitoring;

namespace Kaya.Cli.Commands;

/// <summary>The human form of status and history: aligned columns, local times, binary units.</summary>
internal static class StatusTable
{
    public static string Render(IReadOnlyList<HostStatus> hosts, TimeProvider time) => Table(
        ["HOST", "STATE", "LAST SUCCESS", "AGE", "LAST RUN", "DURATION", "ADDED", "SIZE", "SNAPSHOTS", "NEXT DUE", "REASON"],
        hosts.Select(h => new[]
        {
            h.Host, h.State.ToText(), Local(h.LastSuccess, time), Age(h.LastSuccessAge), h.LastAttempt?.Outcome?.ToText() ?? "-",
            Age(h.LastAttempt?.Duration), Bytes(h.LastAttempt?.BytesAdded), Bytes(h.RepositoryBytes), h.SnapshotCount?.ToString(CultureInfo.InvariantCulture) ?? "-",
            h.NextDue is { } due && due <= time.GetUtcNow() ? "now" : Local(h.NextDue, time), h.State.IsProblem() ? h.LastAttempt?.Reason ?? "" : "",
        }));

    public static string RenderRuns(IReadOnlyList<RunRecord> runs, TimeProvider time) => Table(
        ["RUN", "STARTED", "TRIGGER", "KIND", "OUTCOME", "DURATION", "ADDED", "SNAPSHOT", "REASON"],
        runs.Select(r => new[]
        {
            r.Id.ToString(CultureInfo.InvariantCulture), Local(r.Started, time), r.Trigger.ToText(), r.Kind.ToText(), r.Outcome?.ToText() ?? "running",
            Age(r.Duration), Bytes(r.BytesAdded), r.SnapshotId is { Length: > 8 } id ? id[..8] : r.SnapshotId ?? "-", r.Reason ?? "",
        }));

    private static string Table(string[] header, IEnumerable<string[]> rows)
    {
        var all = rows.Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => all.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
        {
            // The last column is free text: no padding after it.
            text.AppendJoin("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).Append('\n');
        }
        return string.Join('\n', text.ToString().Split('\n').Select(l => l.TrimEnd()));
    }

    private static string Local(DateTimeOffset? t, TimeProvider time) =>
        t is { } v ? TimeZoneInfo.ConvertTime(v, time.LocalTimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "-";

    private static string Age(TimeSpan? d) => d switch
    {
        null => "-",
        { TotalSeconds: < 120 } v => $"{v.TotalSeconds:0}s",
        { TotalMinutes: < 120 } v => $"{v.TotalMinutes:0}m",
        { TotalHours: < 48 } v => $"{v.TotalHours:0}h",
        { } v => $"{v.TotalDays:0}d",
    };

    private static string Bytes(long? bytes) => ByteText.Format(bytes);
}
