using System.Globalization;

namespace Kaya.Orchestrator.Config;

/// <summary>
/// A daily window of local time, <c>01:00-06:00</c>; one that ends before it starts runs past midnight
/// (<c>22:00-04:00</c>). The start is inside, the end is not.
/// </summary>
public sealed record TimeWindow(TimeOnly Start, TimeOnly End)
{
    /// <summary>Reads <c>HH:MM-HH:MM</c>; throws <see cref="ConfigException"/> naming <paramref name="where"/>.</summary>
    public static TimeWindow Parse(string value, string key, string where)
    {
        var parts = value.Split('-');
        if (parts.Length == 2
            && TimeOnly.TryParseExact(parts[0].Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            && TimeOnly.TryParseExact(parts[1].Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
            && start != end)
            return new TimeWindow(start, end);
        throw new ConfigException($"{where}: {key}={value}: expected a window of local time HH:MM-HH:MM, e.g. 01:00-06:00");
    }

    /// <summary>Whether the local time of day lies in the window.</summary>
    public bool Contains(TimeOnly time) => Start < End ? time >= Start && time < End : time >= Start || time < End;

    /// <summary>The first instant at or after <paramref name="at"/> that lies in the window, in <paramref name="zone"/>'s local time.</summary>
    public DateTimeOffset NextOpening(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        if (Contains(TimeOnly.FromDateTime(local.DateTime))) return at;
        var opening = local.Date + Start.ToTimeSpan();
        if (opening < local.DateTime) opening = opening.AddDays(1);
        // The offset of the opening itself, which differs from now's across a DST change.
        return new DateTimeOffset(opening, zone.GetUtcOffset(opening)).ToUniversalTime();
    }

    public override string ToString() => $"{Start:HH\\:mm}-{End:HH\\:mm}";
}
