using System.Net;
using System.Text.Json;

namespace Kaya.Orchestrator.Tests.Fleet;

/// <summary><c>kaya daemon</c> and systemd: what it sends to NOTIFY_SOCKET, and SIGHUP's reload of kaya.conf and hosts.d.</summary>
[Collection(FleetCollection.Name)]
public sealed class DaemonSignalTests(FleetFixture fleet)
{
    [Fact]
    public async Task The_daemon_tells_systemd_ready_once_it_listens_reloading_then_ready_on_sighup_and_stopping_on_sigterm()
    {
        var port = FreePort.Pick();
        using var site = new FleetSite(fleet, $"status_listen=127.0.0.1:{port}\n");
        // Disabled: the daemon has nothing to run, so the test sees only its notifications.
        site.AddHost(fleet.Sshd.Hosts[0], "enabled=no");
        await using var daemon = DaemonProcess.Start(site.Config, site.Combine("notify.sock"));

        Assert.Equal("READY=1", await daemon.NextNotifyAsync());
        // Ready means listening: the page answers at once, with no retry.
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{port}/api/status")).StatusCode);

        daemon.Signal(Posix.SIGHUP);
        Assert.Equal("RELOADING=1", await daemon.NextNotifyAsync());
        Assert.Equal("READY=1", await daemon.NextNotifyAsync());

        daemon.Signal(Posix.SIGTERM);
        Assert.Equal("STOPPING=1", await daemon.NextNotifyAsync());
        Assert.Equal(0, await daemon.ExitCodeAsync());
    }

    [Fact]
    public async Task Sighup_adds_a_new_hosts_d_file_to_the_page_and_a_bad_file_keeps_the_old_hosts_and_logs_its_file_and_line()
    {
        var port = FreePort.Pick();
        using var site = new FleetSite(fleet, $"status_listen=127.0.0.1:{port}\n");
        var (first, second, bad) = (fleet.Sshd.Hosts[0], fleet.Sshd.Hosts[1], fleet.Sshd.Hosts[2]);
        site.AddHost(first, "enabled=no");
        await using var daemon = DaemonProcess.Start(site.Config, site.Combine("notify.sock"));
        Assert.Equal("READY=1", await daemon.NextNotifyAsync());
        using var http = new HttpClient();
        Assert.Equal([first], await HostsAsync(http, port));

        site.AddHost(second, "enabled=no");
        daemon.Signal(Posix.SIGHUP);
        Assert.Equal("RELOADING=1", await daemon.NextNotifyAsync());
        Assert.Equal("READY=1", await daemon.NextNotifyAsync());
        Assert.Equal([first, second], await HostsAsync(http, port));
        Assert.Contains($"data-host=\"{second}\"", await http.GetStringAsync($"http://127.0.0.1:{port}/"));

        // Line 3 of the new file is wrong: nothing of the reload is taken, not even the good files beside it.
        File.WriteAllText(Path.Combine(site.HostsDir, bad + ".conf"), "restic_args=/srv\nenabled=no\nbogus_key=1\n");
        File.Delete(Path.Combine(site.HostsDir, second + ".conf"));
        daemon.Signal(Posix.SIGHUP);
        Assert.Equal("RELOADING=1", await daemon.NextNotifyAsync());
        Assert.Equal("READY=1", await daemon.NextNotifyAsync());
        await daemon.WaitForLogAsync($"{bad}.conf:3");
        Assert.Contains("bogus_key", daemon.Log);
        Assert.Equal([first, second], await HostsAsync(http, port));

        Assert.Equal(0, await daemon.StopAsync());
    }

    [Fact]
    public async Task A_bad_hosts_d_file_at_start_is_logged_and_the_other_hosts_are_kept()
    {
        var port = FreePort.Pick();
        using var site = new FleetSite(fleet, $"status_listen=127.0.0.1:{port}\n");
        var (good, bad) = (fleet.Sshd.Hosts[0], fleet.Sshd.Hosts[1]);
        site.AddHost(good, "enabled=no");
        File.WriteAllText(Path.Combine(site.HostsDir, bad + ".conf"), "enabled=no\nintervall=12h\n");
        await using var daemon = DaemonProcess.Start(site.Config, site.Combine("notify.sock"));

        Assert.Equal("READY=1", await daemon.NextNotifyAsync());
        await daemon.WaitForLogAsync($"{bad}.conf:2");
        Assert.Contains("that host is not run", daemon.Log);
        using var http = new HttpClient();
        Assert.Equal([good], await HostsAsync(http, port));

        Assert.Equal(0, await daemon.StopAsync());
    }

    private static async Task<string[]> HostsAsync(HttpClient http, int port)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/api/status"));
        return json.RootElement.GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("host").GetString()!).ToArray();
    }
}
