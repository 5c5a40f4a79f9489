using System.Text.Json;

namespace Kaya.Orchestrator.Tests.Fleet;

/// <summary>
/// The daemon's page during a run (issue 13, "a running run shows its live progress") and its /metrics with the
/// shared server's rest-server-compatible blob counters (issue 9).
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class DaemonProgressTests(FleetFixture fleet)
{
    private const int SourceBytes = 3 << 20;

    [Fact]
    public async Task A_run_in_progress_shows_restics_progress_on_the_page_and_in_the_api_and_metrics_carry_the_blob_counters()
    {
        var port = FreePort.Pick();
        using var site = new FleetSite(fleet, $"status_listen=127.0.0.1:{port}\nshutdown_timeout=1s\n");
        var host = fleet.Sshd.Hosts[3];
        // 3 MiB that does not compress, pushed at 256 KiB/s: about 12 s of upload, stopped as soon as it was seen.
        var source = Directory.CreateDirectory(site.Combine("slow")).FullName;
        File.WriteAllBytes(Path.Combine(source, "random.bin"), SeededBytes.Create(13, SourceBytes));
        File.WriteAllText(Path.Combine(site.HostsDir, host + ".conf"), $"restic_args=--limit-upload 256 {source}\nuser={fleet.Sshd.User}\n");
        await using var daemon = DaemonProcess.Start(site.Config, site.Combine("notify.sock"));
        Assert.Equal("READY=1", await daemon.NextNotifyAsync());
        using var http = new HttpClient();
        var api = $"http://127.0.0.1:{port}/api/status";

        // restic's first status may come before its scan has found the file; wait for one that counts it.
        JsonElement shown = default;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var json = JsonDocument.Parse(await http.GetStringAsync(api));
            var entry = json.RootElement.GetProperty("hosts").EnumerateArray().Single(h => h.GetProperty("host").GetString() == host);
            if (entry.GetProperty("progress") is { ValueKind: JsonValueKind.Object } p && p.GetProperty("total_bytes").GetInt64() == SourceBytes)
            {
                shown = entry.Clone();
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, "no progress with the whole file counted in 60 s; the daemon's log:\n" + daemon.Log);
            await Task.Delay(100);
        }

        Assert.Equal("running", shown.GetProperty("state").GetString());
        var progress = shown.GetProperty("progress");
        Assert.Equal(1, progress.GetProperty("total_files").GetInt64());
        Assert.InRange(progress.GetProperty("done_bytes").GetInt64(), 0, SourceBytes);
        Assert.InRange(progress.GetProperty("percent_done").GetDouble(), 0, 100);

        var page = await http.GetStringAsync($"http://127.0.0.1:{port}/");
        Assert.Contains($"<tr data-host=\"{host}\" data-state=\"running\">", page);
        Assert.Matches($@"<li><a href=""/host/{host.Replace(".", "\\.")}"">[^<]*</a>: started .* by daemon · <span class=""progress"" data-percent=""\d+\.\d"">.* of 3\.0 MiB · \d of 1 files", page);

        // restic init wrote the repository's one key through the shared server while this run was on.
        var metrics = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");
        Assert.Contains($"rest_server_blob_write_total{{repo=\"{host}\",type=\"keys\",user=\"{host}\"}} 1\n", metrics);
        Assert.Contains("# TYPE kaya_backup_runs_total counter", metrics);
        var file = site.Combine("metrics.prom");
        await File.WriteAllTextAsync(file, metrics);
        var check = await Programs.RunAsync("sh", ["-c", $"promtool check metrics < '{file}'"]);
        Assert.True(check.ExitCode == 0 && check.Stdout + check.Stderr == "", check.Stdout + check.Stderr);

        Assert.Equal(0, await daemon.StopAsync());
    }
}
