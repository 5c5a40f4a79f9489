using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Fleet;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Monitoring;
using Microsoft.Extensions.Time.Testing;

namespace Kaya.Orchestrator.Tests.Monitoring;

public sealed class FleetStatusTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-28T01:00:00Z");
    private static readonly HostConfig Www1 = new() { Name = "www1", Path = "/etc/kaya/hosts.d/www1.conf" };
    private readonly FakeTimeProvider _time = new(T0);

    private static RunRecord Run(RunOutcome outcome, DateTimeOffset started) => new()
    {
        Host = "www1", Trigger = RunTrigger.Daemon, Started = started, Ended = started.AddMinutes(5), Outcome = outcome, Reason = outcome.IsSuccess() ? null : "restic exited 1",
    };

    private static HostHistory After(params RunRecord[] runs)
    {
        var lastSuccess = runs.LastOrDefault(r => r.Outcome!.Value.IsSuccess());
        return new HostHistory
        {
            Host = "www1",
            LastAttempt = runs.LastOrDefault(),
            LastSuccess = lastSuccess,
            LastFailure = runs.LastOrDefault(r => r.Outcome!.Value.IsFailure()),
            FailuresSinceSuccess = runs.Count(r => r.Outcome!.Value.IsFailure() && (lastSuccess is null || r.Started > lastSuccess.Started)),
        };
    }

    [Fact]
    public void A_host_never_run_is_never_and_due_now()
    {
        var status = FleetStatus.Compute(Www1, null, _time);

        Assert.Equal(HostState.Never, status.State);
        Assert.True(status.IsDue);
    }

    [Fact]
    public void A_success_is_ok_until_max_age_then_stale()
    {
        var history = After(Run(RunOutcome.Succeeded, T0));

        _time.Advance(TimeSpan.FromHours(47));
        var ok = FleetStatus.Compute(Www1, history, _time);
        _time.Advance(TimeSpan.FromHours(2));
        var stale = FleetStatus.Compute(Www1, history, _time);

        Assert.Equal(HostState.Ok, ok.State);
        Assert.Equal(T0.AddHours(24), ok.NextDue);
        Assert.Equal(HostState.Stale, stale.State);
        Assert.True(stale.IsStale);
    }

    [Fact]
    public void An_incomplete_run_counts_as_a_success()
    {
        var status = FleetStatus.Compute(Www1, After(Run(RunOutcome.Incomplete, T0)), _time);

        Assert.Equal(HostState.Ok, status.State);
        Assert.Equal(T0, status.LastSuccess);
    }

    [Fact]
    public void A_failure_is_retried_after_an_hour_then_two_then_four()
    {
        var first = After(Run(RunOutcome.Succeeded, T0.AddDays(-2)), Run(RunOutcome.Failed, T0));
        var third = After(Run(RunOutcome.Succeeded, T0.AddDays(-2)), Run(RunOutcome.Failed, T0.AddHours(-4)), Run(RunOutcome.TransportFailed, T0.AddHours(-2)), Run(RunOutcome.Failed, T0));

        Assert.Equal(HostState.Failing, FleetStatus.Compute(Www1, first, _time).State);
        Assert.Equal(T0.AddMinutes(5).AddHours(1), FleetStatus.Compute(Www1, first, _time).NextDue);
        Assert.Equal(T0.AddMinutes(5).AddHours(4), FleetStatus.Compute(Www1, third, _time).NextDue);
    }

    [Fact]
    public void The_backoff_never_exceeds_the_interval()
    {
        var host = Www1 with { Interval = TimeSpan.FromHours(2) };
        var runs = Enumerable.Range(0, 6).Select(i => Run(RunOutcome.Failed, T0.AddHours(-i))).Reverse().ToArray();

        Assert.Equal(T0.AddMinutes(5).AddHours(2), FleetStatus.Compute(host, After(runs), _time).NextDue);
    }

    [Fact]
    public void Busy_and_interrupted_runs_neither_fail_a_host_nor_clear_a_failure()
    {
        var busy = After(Run(RunOutcome.Succeeded, T0.AddHours(-1)), Run(RunOutcome.Busy, T0));
        var interrupted = After(Run(RunOutcome.Failed, T0.AddHours(-1)), Run(RunOutcome.Interrupted, T0));

        Assert.Equal(HostState.Ok, FleetStatus.Compute(Www1, busy, _time).State);
        Assert.Equal(HostState.Failing, FleetStatus.Compute(Www1, interrupted, _time).State);
    }

    [Fact]
    public void A_disabled_host_is_disabled_and_never_due()
    {
        var status = FleetStatus.Compute(Www1 with { Enabled = false }, After(Run(RunOutcome.Failed, T0.AddDays(-9))), _time);

        Assert.Equal(HostState.Disabled, status.State);
        Assert.False(status.IsDue);
        Assert.Null(status.NextDue);
    }

    [Fact]
    public void A_running_host_is_running_and_not_due()
    {
        var history = After(Run(RunOutcome.Succeeded, T0.AddDays(-1))) with { Running = Run(RunOutcome.Succeeded, T0) with { Ended = null, Outcome = null } };

        var status = FleetStatus.Compute(Www1, history, _time);

        Assert.Equal(HostState.Running, status.State);
        Assert.False(status.IsDue);
    }

    [Fact]
    public void A_backup_window_moves_the_due_time_to_its_next_opening()
    {
        _time.SetUtcNow(DateTimeOffset.Parse("2026-11-28T12:00:00Z"));
        var window = new TimeWindow(new TimeOnly(1, 0), new TimeOnly(6, 0));

        var status = FleetStatus.Compute(Www1, null, _time, window);

        Assert.Equal(DateTimeOffset.Parse("2026-11-29T01:00:00Z"), status.NextDue);
        Assert.False(status.IsDue);
        _time.SetUtcNow(DateTimeOffset.Parse("2026-11-29T01:30:00Z"));
        Assert.True(FleetStatus.Compute(Www1, null, _time, window).IsDue);
    }
}
