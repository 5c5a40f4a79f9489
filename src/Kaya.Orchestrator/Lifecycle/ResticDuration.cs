namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// restic's duration for <c>--keep-within</c>: <c>6y5m234d37h</c> (years, months, days, hours), parsed as
/// restic 0.14's <c>ParseDuration</c> does (a repeated unit replaces the earlier value; a leading '-' is allowed).
/// </summary>
public readonly record struct ResticDuration(int Years, int Months, int Days, int Hours)
{
    public bool IsZero => Years == 0 && Months == 0 && Days == 0 && Hours == 0;

    /// <exception cref="FormatException">not restic's duration syntax; the message says why</exception>
    public static ResticDuration Parse(string text)
    {
        int years = 0, months = 0, days = 0, hours = 0;
        var s = text.Trim().AsSpan();
        while (!s.IsEmpty)
        {
            var negative = s[0] == '-';
            if (negative) s = s[1..];
            var digits = 0;
            while (digits < s.Length && char.IsAsciiDigit(s[digits])) digits++;
            if (digits == 0) throw new FormatException($"\"{text}\" is not a restic duration: no number found (e.g. 1y6m, 14d, 36h)");
            var number = int.Parse(s[..digits], System.Globalization.CultureInfo.InvariantCulture) * (negative ? -1 : 1);
            s = s[digits..];
            if (s.IsEmpty) throw new FormatException($"\"{text}\" is not a restic duration: no unit found after number {number} (y, m, d or h)");
            switch (s[0])
            {
                case 'y': years = number; break;
                case 'm': months = number; break;
                case 'd': days = number; break;
                case 'h': hours = number; break;
                default: throw new FormatException($"\"{text}\" is not a restic duration: invalid unit '{s[0]}' after number {number} (y, m, d or h)");
            }
            s = s[1..];
        }
        return new ResticDuration(years, months, days, hours);
    }

    /// <summary>
    /// The cut-off <c>latest.AddDate(-y, -m, -d).Add(-h hours)</c> as Go computes it: calendar arithmetic on
    /// the wall clock of <paramref name="latest"/>'s zone (day overflow rolls into the next month, as Go's
    /// time.Date normalises), then hours as elapsed time.
    /// </summary>
    /// <param name="zone">the zone whose wall clock the calendar step uses; null: <paramref name="latest"/>'s own offset</param>
    public DateTimeOffset CutOff(DateTimeOffset latest, TimeZoneInfo? zone)
    {
        try
        {
            var wall = latest.DateTime;
            var month0 = wall.Year * 12L + (wall.Month - 1) - Years * 12L - Months;
            var year = (int)Math.Floor(month0 / 12.0);
            var month = (int)(month0 - year * 12L) + 1;
            var date = new DateTime(year, month, 1).AddDays(wall.Day - 1 - Days) + wall.TimeOfDay;
            var offset = zone is null ? latest.Offset : zone.GetUtcOffset(date);
            return new DateTimeOffset(date, offset) - TimeSpan.FromHours(Hours);
        }
        catch (ArgumentOutOfRangeException)
        {
            // Beyond years 1–9999 Go still computes a time; every snapshot is after it (or, for a negative duration, before).
            return Years * 8766L + Months * 730L + Days * 24L + Hours > 0 ? DateTimeOffset.MinValue : DateTimeOffset.MaxValue;
        }
    }

    public override string ToString()
    {
        var s = (Years != 0 ? $"{Years}y" : "") + (Months != 0 ? $"{Months}m" : "") + (Days != 0 ? $"{Days}d" : "") + (Hours != 0 ? $"{Hours}h" : "");
        return s;
    }
}
