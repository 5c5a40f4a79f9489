using System.Net;
using Kaya.Orchestrator.Config;

namespace Kaya.Orchestrator.Tests.Config;

public sealed class FleetKeysTests
{
    [Fact]
    public void The_fleet_keys_have_their_documented_defaults()
    {
        var config = KayaConfigParser.Parse("backup_root=/srv/kaya\n", "/tmp/elsewhere/kaya.conf");

        Assert.Equal("/etc/kaya/hosts.d", config.HostsDir);
        Assert.Equal(2, config.MaxParallel);
        Assert.Equal(TimeSpan.FromSeconds(10), config.Stagger);
        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)], config.RetryBackoff);
        Assert.Equal("/srv/kaya/.kaya/history.db", config.HistoryDb);
        Assert.Null(config.MetricsTextfile);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9130), config.StatusListen);
        Assert.Equal(TimeSpan.FromMinutes(5), config.ShutdownTimeout);
        Assert.Null(config.BackupWindow);
        Assert.Null(config.OnFailure);
        Assert.Equal(TimeSpan.FromSeconds(60), config.HookTimeout);
    }

    [Fact]
    public void Every_fleet_key_is_read()
    {
        var config = KayaConfigParser.Parse("""
            backup_root=/srv/kaya
            hosts_dir=/etc/kaya/fleet
            max_parallel=4
            stagger=0
            retry_backoff=5s,1m,2m
            history_db=/var/lib/kaya/history.db
            metrics_textfile=/var/lib/node_exporter/kaya.prom
            status_listen=[::1]:9200
            status_htpasswd=/etc/kaya/status.htpasswd
            status_tls_cert=/etc/kaya/status.crt
            status_tls_key=/etc/kaya/status.key
            shutdown_timeout=2m
            backup_window=22:00-04:00
            on_failure='mail -s "kaya: $KAYA_HOST failed" root'
            on_stale=logger stale
            on_recovery="logger recovered"
            on_success=curl -fsS https://hc.example/ping
            hook_timeout=15s
            connect_timeout=1m
            """.Replace("logger stale", "'logger stale'").Replace("curl -fsS https://hc.example/ping", "'curl -fsS https://hc.example/ping'"), "k.conf");

        Assert.Equal("/etc/kaya/fleet", config.HostsDir);
        Assert.Equal(4, config.MaxParallel);
        Assert.Equal(TimeSpan.Zero, config.Stagger);
        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)], config.RetryBackoff);
        Assert.Equal("/var/lib/kaya/history.db", config.HistoryDb);
        Assert.Equal("/var/lib/node_exporter/kaya.prom", config.MetricsTextfile);
        Assert.Equal(IPEndPoint.Parse("[::1]:9200"), config.StatusListen);
        Assert.Equal("/etc/kaya/status.htpasswd", config.StatusHtpasswd);
        Assert.Equal("/etc/kaya/status.crt", config.StatusTlsCert);
        Assert.Equal("/etc/kaya/status.key", config.StatusTlsKey);
        Assert.Equal(TimeSpan.FromMinutes(2), config.ShutdownTimeout);
        Assert.Equal(new TimeWindow(new TimeOnly(22, 0), new TimeOnly(4, 0)), config.BackupWindow);
        Assert.Equal("mail -s \"kaya: $KAYA_HOST failed\" root", config.OnFailure);
        Assert.Equal("logger stale", config.OnStale);
        Assert.Equal("logger recovered", config.OnRecovery);
        Assert.Equal("curl -fsS https://hc.example/ping", config.OnSuccess);
        Assert.Equal(TimeSpan.FromSeconds(15), config.HookTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), config.ConnectTimeout);
    }

    [Theory]
    [InlineData("max_parallel=0", "max_parallel=0")]
    [InlineData("stagger=soon", "stagger=soon")]
    [InlineData("status_listen=9130", "status_listen=9130")]
    [InlineData("backup_window=1-6", "backup_window=1-6")]
    [InlineData("retry_backoff=1m,,5m", "retry_backoff=1m,,5m")]
    public void A_bad_fleet_value_names_its_file_and_line(string line, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => KayaConfigParser.Parse($"backup_root=/srv/kaya\n{line}\n", "/etc/kaya.conf"));
        Assert.StartsWith($"/etc/kaya.conf:2: {expected}", e.Message);
    }

    [Fact]
    public void A_window_past_midnight_contains_the_night_and_opens_at_its_start()
    {
        var window = new TimeWindow(new TimeOnly(22, 0), new TimeOnly(4, 0));

        Assert.True(window.Contains(new TimeOnly(23, 30)));
        Assert.True(window.Contains(new TimeOnly(3, 59)));
        Assert.False(window.Contains(new TimeOnly(4, 0)));
        Assert.Equal(DateTimeOffset.Parse("2026-11-29T22:00:00Z"), window.NextOpening(DateTimeOffset.Parse("2026-11-29T12:00:00Z"), TimeZoneInfo.Utc));
    }
}
