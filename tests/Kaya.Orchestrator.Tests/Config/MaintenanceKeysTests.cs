using Kaya.Orchestrator.Config;

namespace Kaya.Orchestrator.Tests.Config;

/// <summary>kaya.conf's scrub_interval, forget_interval, forget_prune and keep_* keys (issue 10).</summary>
public sealed class MaintenanceKeysTests
{
    [Fact]
    public void Scrubs_are_monthly_and_forgets_off_by_default()
    {
        var config = KayaConfigParser.Parse("backup_root=/srv/kaya\n", "kaya.conf");

        Assert.Equal(TimeSpan.FromDays(30), config.ScrubInterval);
        Assert.Null(config.ForgetInterval);
        Assert.False(config.ForgetPrune);
        Assert.Null(config.Keep);
    }

    [Fact]
    public void The_maintenance_keys_are_read()
    {
        var config = KayaConfigParser.Parse("backup_root=/srv/kaya\nscrub_interval=off\nforget_interval=1d\nforget_prune=yes\nkeep_daily=7\nkeep_within=1y2m\n", "kaya.conf");

        Assert.Null(config.ScrubInterval);
        Assert.Equal(TimeSpan.FromDays(1), config.ForgetInterval);
        Assert.True(config.ForgetPrune);
        Assert.Equal("--keep-daily 7 --keep-within 1y2m", config.Keep!.ToString());
    }

    [Theory]
    [InlineData("scrub_interval=10m", "/etc/kaya.conf:2: scrub_interval=10m: expected off, or a duration from 1h to 3660d (e.g. 30d)")]
    [InlineData("forget_interval=weekly", "/etc/kaya.conf:2: forget_interval=weekly: expected off, or a duration from 1h to 3660d (e.g. 30d)")]
    [InlineData("forget_prune=maybe", "/etc/kaya.conf:2: forget_prune=maybe: expected yes or no")]
    [InlineData("keep_daily=-1", "/etc/kaya.conf:2: keep_daily=-1: expected a whole number from 0 to 100000")]
    public void A_bad_value_names_file_line_key_and_the_expected_form(string line, string message)
    {
        var e = Assert.Throws<ConfigException>(() => KayaConfigParser.Parse($"backup_root=/srv/kaya\n{line}\n", "/etc/kaya.conf"));

        Assert.Equal(message, e.Message);
    }
}
