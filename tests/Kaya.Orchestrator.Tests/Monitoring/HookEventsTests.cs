using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Monitoring;

namespace Kaya.Orchestrator.Tests.Monitoring;

public sealed class HookEventsTests
{
    private static HostStatus Status(string host, HostState state) => new()
    {
        Host = host, State = state, IsStale = state == HostState.Stale, Interval = TimeSpan.FromDays(1), MaxAge = TimeSpan.FromDays(2), IsDue = false,
    };

    [Fact]
    public void A_change_into_failing_or_stale_fires_once_and_a_return_to_ok_fires_recovery()
    {
        var previous = new Dictionary<string, string> { ["a"] = "ok", ["b"] = "failing", ["c"] = "failing", ["d"] = "ok" };
        HostStatus[] current = [Status("a", HostState.Failing), Status("b", HostState.Failing), Status("c", HostState.Ok), Status("d", HostState.Stale), Status("e", HostState.Ok)];

        var events = HookEvents.For(previous, current, []);

        Assert.Equal([("a", HookKind.Failure), ("c", HookKind.Recovery), ("d", HookKind.Stale)], events.Select(e => (e.Host, e.Kind)));
    }

    [Fact]
    public void Every_success_fires_on_success_and_other_outcomes_do_not()
    {
        var now = DateTimeOffset.Parse("2026-11-28T01:00:00Z");
        RunRecord[] runs =
        [
            new() { Host = "a", Trigger = RunTrigger.Run, Started = now, Outcome = RunOutcome.Succeeded },
            new() { Host = "b", Trigger = RunTrigger.Run, Started = now, Outcome = RunOutcome.Incomplete },
            new() { Host = "c", Trigger = RunTrigger.Run, Started = now, Outcome = RunOutcome.Failed },
        ];

        var events = HookEvents.For(new Dictionary<string, string>(), [], runs);

        Assert.Equal(["a", "b"], events.Where(e => e.Kind == HookKind.Success).Select(e => e.Host));
    }

    [Fact]
    public void Running_never_and_disabled_are_not_stored_so_they_do_not_end_a_condition() =>
        Assert.Equal(["b"], HookEvents.StatesToStore([Status("a", HostState.Running), Status("b", HostState.Stale), Status("c", HostState.Never)]).Keys);
}
