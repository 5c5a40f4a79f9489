using Kaya.Orchestrator.History;

namespace Kaya.Orchestrator.Tests.Fleet;

/// <summary><c>kaya run</c> through the binary, over hosts that are loopback addresses of one real sshd.</summary>
[Collection(FleetCollection.Name)]
public sealed class RunCommandTests(FleetFixture fleet)
{
    [Fact]
    public async Task Run_all_runs_at_most_parallel_hosts_at_once_and_a_failing_host_sets_the_exit_code_the_metrics_and_the_hook()
    {
        using var site = new FleetSite(fleet);
        var metrics = site.Combine("kaya.prom");
        var hookDir = Directory.CreateDirectory(site.Combine("hooks")).FullName;
        File.AppendAllText(site.Config, $"metrics_textfile={metrics}\non_failure='env > {hookDir}/failure-$KAYA_HOST.env'\n");
        var hosts = fleet.Sshd.Hosts.Skip(1).Take(5).ToList();
        foreach (var h in hosts.Take(4)) site.AddHost(h);
        // Nobody listens there: connection refused, a transient failure retried twice.
        site.AddHost(hosts[4], $"ssh_port={FreePort.Pick()}");

        var result = await KayaCli.RunAsync("run", "-c", site.Config, "--all", "--parallel", "2");

        Assert.True(result.ExitCode == ExitCodes.Transport, result.Stdout + result.Stderr);
        var runs = await (await site.HistoryAsync()).ListAllRunsAsync();
        Assert.Equal(5, runs.Count);
        Assert.All(runs.Where(r => r.Host != hosts[4]), r => Assert.Equal(RunOutcome.Succeeded, r.Outcome));
        var failed = Assert.Single(runs, r => r.Host == hosts[4]);
        Assert.Equal(RunOutcome.TransportFailed, failed.Outcome);
        Assert.Equal(3, failed.Attempts);
        Assert.True(MaxOverlap(runs) <= 2, $"{MaxOverlap(runs)} runs overlapped");
        Assert.All(runs.Where(r => r.Outcome == RunOutcome.Succeeded), r =>
        {
            Assert.NotNull(r.SnapshotId);
            Assert.Equal(5, r.FilesNew);
            Assert.Equal(1, r.SnapshotCount);
            Assert.True(r.RepositoryBytes > 0);
            Assert.Equal(RunTrigger.Run, r.Trigger);
        });
        // One line per host as each ends, then the summary.
        foreach (var h in hosts) Assert.Matches($@"(?m)^{System.Text.RegularExpressions.Regex.Escape(h)} +(succeeded|transport-failed) ", result.Stdout);
        Assert.Contains("kaya run: 5 hosts: 4 succeeded, 1 transport-failed", result.Stdout);

        var check = await Programs.RunAsync("sh", ["-c", $"promtool check metrics < '{metrics}'"]);
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
        Assert.Contains($"kaya_backup_last_success{{host=\"{hosts[4]}\"}} 0", File.ReadAllText(metrics));

        var hook = File.ReadAllLines(Path.Combine(hookDir, $"failure-{hosts[4]}.env"));
        Assert.Contains($"KAYA_HOST={hosts[4]}", hook);
        Assert.Contains("KAYA_OUTCOME=transport-failed", hook);
        Assert.Contains(hook, l => l.StartsWith("KAYA_REASON=", StringComparison.Ordinal) && l.Length > "KAYA_REASON=".Length);
        Assert.Single(Directory.GetFiles(hookDir));
    }

    [Fact]
    public async Task A_bad_host_file_skips_that_host_only_and_run_exits_20_at_the_end()
    {
        using var site = new FleetSite(fleet);
        var host = fleet.Sshd.Hosts[1];
        site.AddHost(host);
        File.WriteAllText(Path.Combine(site.HostsDir, "bad.conf"), "intervall=12h\n");

        var result = await KayaCli.RunAsync("run", "-c", site.Config, "--all");

        Assert.True(result.ExitCode == ExitCodes.Config, result.Stdout + result.Stderr);
        Assert.Contains($"{Path.Combine(site.HostsDir, "bad.conf")}:1: unknown key \"intervall\"", result.Stderr);
        var run = Assert.Single(await (await site.HistoryAsync()).ListAllRunsAsync());
        Assert.Equal(host, run.Host);
        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
    }

    [Fact]
    public async Task Run_due_picks_exactly_the_hosts_without_a_recent_success_oldest_first()
    {
        using var site = new FleetSite(fleet);
        foreach (var h in new[] { "fresh", "old", "never", "failed", "off" }) site.AddHost(h, h == "off" ? "enabled=no" : "");
        var history = await site.HistoryAsync();
        var now = DateTimeOffset.UtcNow;
        await history.RecordAsync(Run("fresh", RunOutcome.Succeeded, now.AddHours(-1)));
        await history.RecordAsync(Run("old", RunOutcome.Succeeded, now.AddHours(-30)));
        await history.RecordAsync(Run("failed", RunOutcome.Succeeded, now.AddHours(-40)));
        // Failed 3 h ago: its first backoff (1 h) has passed.
        await history.RecordAsync(Run("failed", RunOutcome.Failed, now.AddHours(-3)));
        await history.RecordAsync(Run("off", RunOutcome.Succeeded, now.AddDays(-9)));

        var result = await KayaCli.RunAsync("run", "-c", site.Config, "--due", "--dry-run");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(["never", "failed", "old"], result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]));
    }

    [Fact]
    public async Task Two_runs_over_overlapping_hosts_never_lose_a_row_and_leave_each_repository_sound()
    {
        using var site = new FleetSite(fleet);
        var hosts = fleet.Sshd.Hosts.Skip(1).Take(4).ToList();
        foreach (var h in hosts) site.AddHost(h);

        var first = KayaCli.RunAsync(["run", "-c", site.Config, "--parallel", "2", .. hosts.Take(3)]);
        var second = KayaCli.RunAsync(["run", "-c", site.Config, "--parallel", "2", .. hosts.Skip(1)]);
        var results = await Task.WhenAll(first, second);

        var runs = await (await site.HistoryAsync()).ListAllRunsAsync();
        Assert.Equal(6, runs.Count);
        Assert.All(runs, r => Assert.True(r.Outcome is RunOutcome.Succeeded or RunOutcome.Busy, $"{r.Host}: {r.Outcome} {r.Reason}"));
        Assert.All(results, r => Assert.True(r.ExitCode is 0 or ExitCodes.HostBusy, r.Stdout + r.Stderr));
        foreach (var h in hosts)
        {
            var repository = Path.Combine(site.BackupRoot, h);
            var restic = Restic.WithPasswordFile(repository, Path.Combine(repository, Kaya.Orchestrator.Runs.RepositoryPassword.FileName));
            var snapshots = System.Text.Json.JsonDocument.Parse((await restic.RunAsync("snapshots", "--json")).Stdout).RootElement.GetArrayLength();
            Assert.Equal(runs.Count(r => r.Host == h && r.Outcome == RunOutcome.Succeeded), snapshots);
            Assert.Empty(Directory.GetFiles(Path.Combine(repository, "locks")));
        }
    }

    [Fact]
    public async Task A_host_over_its_quota_fails_saying_so()
    {
        using var site = new FleetSite(fleet);
        var host = fleet.Sshd.Hosts[1];
        site.AddHost(host, "quota=1K");

        var result = await KayaCli.RunAsync("run", "-c", site.Config, host);

        Assert.Equal(1, result.ExitCode);
        var run = Assert.Single(await (await site.HistoryAsync()).ListAllRunsAsync());
        Assert.Equal(RunOutcome.Failed, run.Outcome);
        Assert.Contains("reached its quota of 1.0 KiB (1024 bytes)", run.Reason);
    }

    [Fact]
    public async Task A_busy_host_is_retried_within_the_run_naming_the_host_once_and_succeeds_once_free()
    {
        using var site = new FleetSite(fleet);
        File.WriteAllText(site.Config, File.ReadAllText(site.Config).Replace("retry_backoff=1s,1s", "retry_backoff=3s", StringComparison.Ordinal));
        var host = fleet.Sshd.Hosts[1];
        site.AddHost(host);
        var hostLock = Kaya.Orchestrator.Runs.HostLock.Acquire(site.BackupRoot, host);
        var info = Programs.StartInfo("dotnet", [KayaCli.Dll, "run", "-c", site.Config, host]);
        using var kaya = System.Diagnostics.Process.Start(info)!;
        var stdout = kaya.StandardOutput.ReadToEndAsync();
        // The first attempt finds the host busy and says it will try again; then the lock is let go.
        string? line;
        while ((line = await kaya.StandardError.ReadLineAsync()) is not null && !line.Contains("trying again", StringComparison.Ordinal)) { }
        hostLock.Dispose();
        var stderr = kaya.StandardError.ReadToEndAsync();
        await kaya.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(kaya.ExitCode == 0, await stdout + await stderr);
        var run = Assert.Single(await (await site.HistoryAsync()).ListAllRunsAsync());
        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        Assert.Equal(2, run.Attempts);
        Assert.Contains("(after 2 attempts)", await stdout);
        // The host once, not "www2: www2: another kaya run ...".
        Assert.StartsWith($"{host}: another kaya run for this host is in progress", line);
    }

    private static RunRecord Run(string host, RunOutcome outcome, DateTimeOffset started) => new()
    {
        Host = host, Trigger = RunTrigger.Run, Started = started, Ended = started.AddMinutes(1), Duration = TimeSpan.FromMinutes(1), Outcome = outcome,
    };

    /// <summary>The most runs whose [started, ended] intervals overlap at one instant.</summary>
    private static int MaxOverlap(IReadOnlyList<RunRecord> runs) =>
        runs.SelectMany(r => new[] { (At: r.Started, Step: 1), (At: r.Ended!.Value, Step: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Step)
            .Aggregate((Now: 0, Max: 0), (s, e) => (s.Now + e.Step, Math.Max(s.Max, s.Now + e.Step))).Max;
}
