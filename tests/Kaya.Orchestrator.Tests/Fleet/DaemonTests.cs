using System.Diagnostics;
using System.Globalization;
using Kaya.Orchestrator.History;

namespace Kaya.Orchestrator.Tests.Fleet;

/// <summary><c>kaya daemon</c> through the binary: it runs a due host, serves /metrics, and drains on SIGTERM.</summary>
[Collection(FleetCollection.Name)]
public sealed class DaemonTests(FleetFixture fleet)
{
    [Fact]
    public async Task Sigterm_mid_run_interrupts_it_after_shutdown_timeout_records_it_and_leaves_no_lock_and_exits_0()
    {
        var port = FreePort.Pick();
        using var site = new FleetSite(fleet, $"status_listen=127.0.0.1:{port}\nshutdown_timeout=1s\n");
        var host = fleet.Sshd.Hosts[1];
        // 100 GiB of holes: nothing on disk, but restic reads and hashes every byte, so the run lasts until it is stopped.
        var source = Directory.CreateDirectory(site.Combine("sparse")).FullName;
        using (var file = File.Create(Path.Combine(source, "holes"))) file.SetLength(100L << 30);
        File.WriteAllText(Path.Combine(site.HostsDir, host + ".conf"), $"restic_args={source}\nuser={fleet.Sshd.User}\n");
        var info = Programs.StartInfo("dotnet", [KayaCli.Dll, "daemon", "-c", site.Config]);
        using var daemon = Process.Start(info)!;
        var stdout = daemon.StandardOutput.ReadToEndAsync();
        var stderr = daemon.StandardError.ReadToEndAsync();
        try
        {
            var locks = Path.Combine(site.BackupRoot, host, "locks");
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (!(Directory.Exists(locks) && Directory.GetFiles(locks).Length > 0))
            {
                Assert.True(DateTime.UtcNow < deadline && !daemon.HasExited, "restic never took its lock: " + (daemon.HasExited ? await stderr : ""));
                await Task.Delay(100);
            }
            using var http = new HttpClient();
            var metrics = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");
            Assert.Contains("# TYPE kaya_backup_runs_total counter", metrics);

            Assert.Equal(0, (await Programs.RunAsync("kill", ["-TERM", daemon.Id.ToString(CultureInfo.InvariantCulture)])).ExitCode);
            await daemon.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

            Assert.True(daemon.ExitCode == 0, await stderr);
            var run = Assert.Single(await (await site.HistoryAsync()).ListAllRunsAsync());
            Assert.True(run.Outcome == RunOutcome.Interrupted, $"{run.Outcome}: {run.Reason}\n{await stdout}\n{await stderr}");
            Assert.Equal(RunTrigger.Daemon, run.Trigger);
            Assert.Empty(Directory.GetFiles(locks));
        }
        finally
        {
            if (!daemon.HasExited) daemon.Kill(entireProcessTree: true);
            await Task.WhenAll(stdout, stderr);
        }
    }
}
