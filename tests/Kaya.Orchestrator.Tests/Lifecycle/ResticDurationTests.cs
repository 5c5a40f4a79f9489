using Kaya.Orchestrator.Lifecycle;

namespace Kaya.Orchestrator.Tests.Lifecycle;

public sealed class ResticDurationTests
{
    [Theory]
    [InlineData("1y2m3d4h", 1, 2, 3, 4)]
    [InlineData("14d", 0, 0, 14, 0)]
    [InlineData(" 36h ", 0, 0, 0, 36)]
    [InlineData("2d5d", 0, 0, 5, 0)]
    public void Parses_restics_duration_syntax(string text, int years, int months, int days, int hours)
    {
        Assert.Equal(new ResticDuration(years, months, days, hours), ResticDuration.Parse(text));
    }

    [Theory]
    [InlineData("5", "no unit found after number 5")]
    [InlineData("d", "no number found")]
    [InlineData("3w", "invalid unit 'w' after number 3")]
    public void Refuses_what_restic_refuses(string text, string reason)
    {
        Assert.Contains(reason, Assert.Throws<FormatException>(() => ResticDuration.Parse(text)).Message);
    }

    [Fact]
    public void The_cut_off_normalises_day_overflow_as_go_does()
    {
        // Go: 31 March − 1 month = 31 February = 3 March (2026 is not a leap year); .NET's AddMonths would give 28 February.
        var latest = new DateTimeOffset(2026, 3, 31, 12, 0, 0, TimeSpan.FromHours(1));

        Assert.Equal(new DateTimeOffset(2026, 3, 3, 10, 0, 0, TimeSpan.FromHours(1)), ResticDuration.Parse("1m2h").CutOff(latest, zone: null));
        Assert.Equal(new DateTimeOffset(2025, 3, 31, 12, 0, 0, TimeSpan.FromHours(1)), ResticDuration.Parse("1y").CutOff(latest, zone: null));
    }

    [Fact]
    public void A_cut_off_before_year_1_keeps_everything()
    {
        Assert.Equal(DateTimeOffset.MinValue, ResticDuration.Parse("3000y").CutOff(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), zone: null));
    }
}
