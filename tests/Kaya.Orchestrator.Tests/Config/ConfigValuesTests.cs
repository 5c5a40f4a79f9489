using Kaya.Orchestrator.Config;

namespace Kaya.Orchestrator.Tests.Config;

public sealed class ConfigValuesTests
{
    [Theory]
    [InlineData("30s", 30)]
    [InlineData("30", 30)]
    [InlineData("10m", 600)]
    [InlineData("6h", 21600)]
    [InlineData("7d", 604800)]
    public void Durations_take_a_unit_and_a_bare_number_is_seconds(string text, long seconds)
    {
        Assert.True(ConfigValues.TryParseDuration(text, out var d));
        Assert.Equal(seconds, (long)d.TotalSeconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.5h")]
    [InlineData("-1s")]
    [InlineData("10w")]
    [InlineData("h")]
    public void Anything_else_is_not_a_duration(string text) => Assert.False(ConfigValues.TryParseDuration(text, out _));

    [Theory]
    [InlineData("500G", 500L << 30)]
    [InlineData("10K", 10240)]
    [InlineData("1T", 1L << 40)]
    [InlineData("123", 123)]
    public void Sizes_are_binary_units(string text, long bytes)
    {
        Assert.True(ConfigValues.TryParseSize(text, out var b));
        Assert.Equal(bytes, b);
    }

    [Fact]
    public void A_rate_is_a_size_per_second() => Assert.Equal(50L << 20, ConfigValues.Rate("50M/s", "limit", "k.conf:1"));

    [Fact]
    public void A_bad_duration_names_the_line_the_key_and_the_grammar()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigValues.Duration("soon", "stagger", "k.conf:4", TimeSpan.Zero, TimeSpan.FromHours(1)));
        Assert.StartsWith("k.conf:4: stagger=soon:", e.Message);
        Assert.Contains("30s, 10m, 6h, 7d", e.Message);
    }

    [Fact]
    public void Durations_are_written_in_the_largest_whole_unit()
    {
        Assert.Equal("1d", ConfigValues.Format(TimeSpan.FromDays(1)));
        Assert.Equal("90s", ConfigValues.Format(TimeSpan.FromSeconds(90)));
        Assert.Equal("36h", ConfigValues.Format(TimeSpan.FromHours(36)));
    }
}
