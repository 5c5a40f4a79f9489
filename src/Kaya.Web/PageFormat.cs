using System.Globalization;
using System.Text.Encodings.Web;

namespace Kaya.Web;

/// <summary>How the page writes values: short ages ("19 h ago"), binary sizes, local times, and HTML encoding.</summary>
internal static class PageFormat
{
    /// <summary>Encodes text for an element's content or a quoted attribute: every target-supplied string passes here.</summary>
    public static string Html(string? text) => text is null ? "" : HtmlEncoder.Default.Encode(text);

    /// <summary>"45 s", "12 min", "19 h", "3 d": whole units, switching at twice the next unit, so "90 min" rather than "1 h".</summary>
    public static string Span(TimeSpan d) => d switch
    {
        { TotalSeconds: < 120 } => $"{Math.Max(0, d.TotalSeconds):0} s",
        { TotalMinutes: < 120 } => $"{d.TotalMinutes:0} min",
        { TotalHours: < 48 } => $"{d.TotalHours:0} h",
        _ => $"{d.TotalDays:0} d",
    };

    public static string Ago(TimeSpan d) => Span(d) + " ago";

    /// <summary>A run's wall time: "38 s", "4 min 12 s", "1 h 02 min".</summary>
    public static string Duration(TimeSpan? d) => d switch
    {
        null => "–",
        { TotalSeconds: < 60 } v => $"{v.TotalSeconds:0} s",
        { TotalHours: < 1 } v => $"{(int)v.TotalMinutes} min {v.Seconds:00} s",
        { } v => $"{(int)v.TotalHours} h {v.Minutes:00} min",
    };

    /// <summary>Binary units, as restic and du -h print them.</summary>
    public static string Bytes(long? bytes) => bytes is null ? "–" : Orchestrator.ByteText.Format(bytes);

    public static string Time(DateTimeOffset t, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A <c>&lt;time&gt;</c> with the age as its text and the absolute time beside it (kept in print).</summary>
    public static string TimeWithAge(DateTimeOffset? t, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (t is not { } v) return "–";
        var relative = v <= now ? Ago(now - v) : "in " + Span(v - now);
        return $"<time datetime=\"{Orchestrator.Monitoring.StatusJson.Time(v)}\">{relative}</time><span class=\"sub\">{Time(v, zone)}</span>";
    }
}
