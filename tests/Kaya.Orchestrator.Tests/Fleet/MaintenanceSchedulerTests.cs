using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Fleet;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Lifecycle;
using Kaya.Orchestrator.Runs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kaya.Orchestrator.Tests.Fleet;

/// <summary>
/// The daemon's scrub and forget schedule, on a fake clock (nothing sleeps): what is due and when, one job at a time,
/// never beside a backup of the same host, out of backup_window; with the scrub and the forget themselves replaced.
/// </summary>
public sealed class MaintenanceSchedulerTests : IDisposable
{
    // 12:00 UTC: outside the 01:00-06:00 window the tests set.
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-28T12:00:00Z");
    private readonly TempFolder _folder = new();
    private FakeTimeProvider _time = new(T0);
    private readonly List<string> _scrubbed = [];
    private readonly List<string> _scrubbedLocations = [];
    private readonly List<ForgetRequest> _forgets = [];
    private HistoryStore _history = null!;

    public void Dispose() => _folder.Dispose();

    private string BackupRoot => _folder.Combine("root");

    private KayaConfig Config { get; set; } = null!;

    private List<HostConfig> Hosts { get; } = [];

    private async Task<MaintenanceScheduler> SchedulerAsync(string settings = "", params string[] hosts)
    {
        Config = KayaConfigParser.Parse($"backup_root={BackupRoot}\n{settings}", "kaya.conf");
        foreach (var host in hosts)
        {
            RepositoryPassword.Ensure(Path.Combine(BackupRoot, host), repositoryExists: false);
            Hosts.Add(new HostConfig { Name = host, Path = "" });
        }
        _history = await HistoryStore.OpenAsync(_folder.Combine("history.db"));
        return new MaintenanceScheduler(_history, () => Config, () => Hosts, NullLogger.Instance, _time)
        {
            Scrub = (repository, options, _) =>
            {
                lock (_scrubbed)
                {
                    _scrubbed.Add(repository.Host);
                    _scrubbedLocations.Add(repository.Location);
                }
                return Task.FromResult(Result(repository.Location, completed: true));
            },
            Forget = (request, _, _) =>
            {
                lock (_forgets) _forgets.Add(request);
                return Task.FromResult(new ForgetResult(0, null, Plan(request.Policy, kept: 2, removed: 3), []));
            },
        };
    }

    private ScrubResult Result(string folder, bool completed) => new()
    {
        Repository = folder, Started = _time.GetUtcNow(), Finished = _time.GetUtcNow(), Completed = completed, ObjectsChecked = 1,
        ResumeAfter = completed ? null : "data/00/00",
    };

    private static RetentionPlan Plan(KeepPolicy policy, int kept, int removed) =>
        new(policy, [.. Enumerable.Range(0, kept + removed).Select(i => new RetentionDecision(
            new SnapshotArrival($"{i:d2}".PadRight(64, '0'), T0, T0.AddDays(-i), ArrivalSource.Ledger, null), i < kept, []))]);

    /// <summary>A scheduler whose scrubs run until they are stopped, then report themselves interrupted.</summary>
    private MaintenanceScheduler ScrubbingUntilStopped(TaskCompletionSource started) =>
        new(_history, () => Config, () => Hosts, NullLogger.Instance, _time)
        {
            Scrub = async (repository, _, cancellationToken) =>
            {
                started.TrySetResult();
                try { await Task.Delay(Timeout.Infinite, cancellationToken); }
                catch (OperationCanceledException) { }
                return Result(repository.Location, completed: false);
            },
        };

    [Fact]
    public async Task A_never_scrubbed_host_is_scrubbed_recorded_and_due_again_only_after_scrub_interval()
    {
        var scheduler = await SchedulerAsync("", "www1");

        Assert.True(await scheduler.RunNextAsync(CancellationToken.None));
        Assert.Equal(["www1"], _scrubbed);
        var recorded = Assert.Single(await _history.GetLastScrubsAsync());
        Assert.Equal(("www1", true), (recorded.Host, recorded.Completed));

        Assert.False(await scheduler.RunNextAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1));
        Assert.False(await scheduler.RunNextAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await scheduler.RunNextAsync(CancellationToken.None));
        Assert.Equal(["www1", "www1"], _scrubbed);
    }

    [Fact]
    public async Task Each_step_runs_one_job_forgets_first_then_scrubs_oldest_first()
    {
        var scheduler = await SchedulerAsync("forget_interval=1d\nkeep_daily=7\n", "www1", "db1", "mail1");
        await _history.RecordScrubAsync(new ScrubRecord("db1", T0.AddDays(-40), T0.AddDays(-40), true, 1, 1, 0, 0, "{}"));
        await _history.RecordScrubAsync(new ScrubRecord("www1", T0.AddDays(-31), T0.AddDays(-31), true, 1, 1, 0, 0, "{}"));
        await _history.RecordScrubAsync(new ScrubRecord("mail1", T0.AddDays(-1), T0.AddDays(-1), true, 1, 1, 0, 0, "{}"));

        Assert.Equal(["forget db1", "forget mail1", "forget www1", "scrub db1", "scrub www1"], (await scheduler.DueAsync(CancellationToken.None)).Select(j => j.ToString()));
        Assert.True(await scheduler.RunNextAsync(CancellationToken.None));
        Assert.Equal((1, 0), (_forgets.Count, _scrubbed.Count));
        while (await scheduler.RunNextAsync(CancellationToken.None)) { }

        Assert.Equal(["db1", "mail1", "www1"], _forgets.Select(f => f.Host));
        Assert.Equal(["db1", "www1"], _scrubbed);
    }

    [Fact]
    public async Task A_host_whose_lock_a_backup_holds_is_passed_over_and_stays_due()
    {
        var scheduler = await SchedulerAsync("", "db1", "www1");
        var backup = HostLock.Acquire(BackupRoot, "db1");

        Assert.True(await scheduler.RunNextAsync(CancellationToken.None));
        Assert.False(await scheduler.RunNextAsync(CancellationToken.None));
        Assert.Equal(["www1"], _scrubbed);

        backup.Dispose();
        Assert.True(await scheduler.RunNextAsync(CancellationToken.None));
        Assert.Equal(["www1", "db1"], _scrubbed);
    }

    [Fact]
    public async Task A_backup_claim_stops_the_hosts_scrub_which_is_recorded_as_interrupted_and_resumes_after_the_backup()
    {
        var scheduler = await SchedulerAsync("", "www1");
        var started = new TaskCompletionSource();
        scheduler = ScrubbingUntilStopped(started);
        var step = scheduler.RunNextAsync(CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var claim = await scheduler.ClaimAsync("www1", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(await step);
        // The lock is free for the backup, and maintenance keeps off the host while it runs.
        HostLock.Acquire(BackupRoot, "www1").Dispose();
        Assert.False(Assert.Single(await _history.GetLastScrubsAsync()).Completed);
        Assert.Empty(await scheduler.DueAsync(CancellationToken.None));
        claim.Dispose();
        Assert.Equal("scrub www1", Assert.Single(await scheduler.DueAsync(CancellationToken.None)).ToString());
    }

    [Fact]
    public async Task While_a_forget_runs_a_backup_of_its_host_may_not_start_and_other_hosts_may()
    {
        var scheduler = await SchedulerAsync("forget_interval=7d\nscrub_interval=off\n", "www1", "db1");
        Hosts[0] = Hosts[0] with { Keep = new KeepPolicy { Last = 3 } };
        var release = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        scheduler = new MaintenanceScheduler(_history, () => Config, () => Hosts, NullLogger.Instance, _time)
        {
            Forget = async (request, _, _) =>
            {
                started.TrySetResult();
                await release.Task;
                return new ForgetResult(0, null, Plan(request.Policy, 3, 1), []);
            },
        };
        var step = scheduler.RunNextAsync(CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(scheduler.MayStart("www1"));
        Assert.True(scheduler.MayStart("db1"));
        release.SetResult();
        Assert.True(await step);
        Assert.True(scheduler.MayStart("www1"));
    }

    [Fact]
    public async Task A_scheduled_forget_uses_the_hosts_rules_else_kaya_confs_holds_the_lock_and_is_recorded_for_the_daemon()
    {
        var scheduler = await SchedulerAsync("forget_interval=1d\nforget_prune=yes\nscrub_interval=off\nkeep_daily=7\nkeep_weekly=4\n", "db1", "www1");
        Hosts[1] = Hosts[1] with { Keep = new KeepPolicy { Last = 3 } };

        while (await scheduler.RunNextAsync(CancellationToken.None)) { }

        Assert.Equal(["--keep-daily 7 --keep-weekly 4", "--keep-last 3"], _forgets.Select(f => f.Policy.ToString()));
        Assert.All(_forgets, f => Assert.True(f.HostLockHeld && f.Prune));
        var forgets = await _history.GetLastForgetsAsync();
        Assert.Equal([("db1", RunTrigger.Daemon, 2, 3, true, ForgetOutcome.Succeeded)],
            forgets.Take(1).Select(f => (f.Host, f.Trigger, f.Kept!.Value, f.Removed!.Value, f.Pruned, f.Outcome)));
        Assert.Equal(2, forgets.Count);
        _time.Advance(TimeSpan.FromHours(23));
        Assert.Empty(await scheduler.DueAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(2, (await scheduler.DueAsync(CancellationToken.None)).Count);
    }

    [Fact]
    public async Task With_repositories_in_a_bucket_the_forget_and_the_scrub_are_scheduled_on_the_bucket()
    {
        var scheduler = await SchedulerAsync("forget_interval=1d\nkeep_daily=7\nstorage=s3://kaya-backups/fleet\ns3_endpoint=http://127.0.0.1:7480\n", "www1");

        Assert.Equal(["forget www1", "scrub www1"], (await scheduler.DueAsync(CancellationToken.None)).Select(j => j.ToString()));
        while (await scheduler.RunNextAsync(CancellationToken.None)) { }

        var forget = Assert.Single(_forgets);
        Assert.Equal(("s3:http://127.0.0.1:7480/kaya-backups/fleet/www1", Path.Combine(BackupRoot, "www1", "repo-password-keep")),
            (forget.Repository.Location, forget.Repository.PasswordFile));
        Assert.Equal(["s3:http://127.0.0.1:7480/kaya-backups/fleet/www1"], _scrubbedLocations);
        Assert.Equal("www1", Assert.Single(await _history.GetLastScrubsAsync()).Host);
    }

    [Fact]
    public async Task A_host_without_keep_rules_is_never_forgotten_and_forget_interval_is_off_by_default()
    {
        var scheduler = await SchedulerAsync("scrub_interval=off\nforget_interval=1d\n", "www1");
        Assert.Empty(await scheduler.DueAsync(CancellationToken.None));

        Config = Config with { ForgetInterval = null, Keep = new KeepPolicy { Daily = 7 } };
        Assert.Empty(await scheduler.DueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_forget_is_recorded_and_tried_again_after_the_failure_wait_not_at_the_next_step()
    {
        var scheduler = await SchedulerAsync("forget_interval=7d\nscrub_interval=off\nkeep_last=3\n", "www1");
        var attempts = 0;
        scheduler = new MaintenanceScheduler(_history, () => Config, () => Hosts, NullLogger.Instance, _time)
        {
            Forget = (_, _, _) =>
            {
                attempts++;
                return Task.FromResult(new ForgetResult(ExitCodes.ResticNotInstalled, "restic is not installed on this backup host", null, []));
            },
        };

        Assert.True(await scheduler.RunNextAsync(CancellationToken.None));
        Assert.False(await scheduler.RunNextAsync(CancellationToken.None));
        _time.Advance(MaintenanceScheduler.FailureRetry);
        Assert.True(await scheduler.RunNextAsync(CancellationToken.None));

        Assert.Equal(2, attempts);
        var last = Assert.Single(await _history.GetLastForgetsAsync());
        Assert.Equal((ForgetOutcome.Failed, "restic is not installed on this backup host"), (last.Outcome, last.Reason));
    }

    [Fact]
    public async Task Nothing_starts_inside_backup_window_and_a_scrub_stops_when_it_opens()
    {
        _time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T00:58:00Z"));
        var scheduler = await SchedulerAsync("backup_window=01:00-06:00\n", "www1");
        var started = new TaskCompletionSource();
        scheduler = ScrubbingUntilStopped(started);
        var step = scheduler.RunNextAsync(CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(step.IsCompleted);

        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.True(await step.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(Assert.Single(await _history.GetLastScrubsAsync()).Completed);
        Assert.Empty(await scheduler.DueAsync(CancellationToken.None));
        _time.SetUtcNow(DateTimeOffset.Parse("2026-11-28T06:00:00Z"));
        Assert.Equal("scrub www1", Assert.Single(await scheduler.DueAsync(CancellationToken.None)).ToString());
    }

    [Fact]
    public async Task The_loop_looks_again_each_minute_and_ends_when_stopped()
    {
        var scheduler = await SchedulerAsync("scrub_interval=1h\n", "www1");
        using var stopping = new CancellationTokenSource();
        var loop = scheduler.RunAsync(stopping.Token);
        await WaitForAsync(() => _scrubbed.Count == 1);

        // Due again an hour on; the loop sleeps a minute at a time on the fake clock, so move the clock until it looks.
        _time.Advance(TimeSpan.FromHours(1));
        for (var i = 0; i < 3000 && _scrubbed.Count < 2; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }
        await WaitForAsync(() => _scrubbed.Count == 2);

        await stopping.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(5);
        }
    }
}
