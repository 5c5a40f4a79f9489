using Kaya.Orchestrator.History;

namespace Kaya.Orchestrator.Monitoring;

/// <summary>
/// Which hooks a change of state fires: on_failure when a host becomes failing, on_stale when it becomes stale,
/// on_recovery when a failing or stale host becomes ok; on_success after every success (dead-man's-switch pings),
/// state change or not. Running, never and disabled neither fire nor end a condition.
/// </summary>
public static class HookEvents
{
    /// <param name="previous">Each host's state when last seen (<see cref="HistoryStore.ExchangeStatesAsync"/>); absent: first sight.</param>
    /// <param name="current">The status now.</param>
    /// <param name="newSuccesses">Runs that just succeeded (or were incomplete), which fire on_success.</param>
    public static IReadOnlyList<HookEvent> For(IReadOnlyDictionary<string, string> previous, IReadOnlyList<HostStatus> current, IEnumerable<RunRecord> newSuccesses)
    {
        var events = new List<HookEvent>();
        foreach (var status in current)
        {
            var before = previous.GetValueOrDefault(status.Host);
            var now = status.State.ToText();
            if (before == now) continue;
            HookKind? kind = status.State switch
            {
                HostState.Failing => HookKind.Failure,
                HostState.Stale => HookKind.Stale,
                HostState.Ok when before is "failing" or "stale" => HookKind.Recovery,
                _ => null,
            };
            if (kind is { } k) events.Add(Event(k, status));
        }
        foreach (var run in newSuccesses)
        {
            if (run.Outcome?.IsSuccess() != true) continue;
            var status = current.FirstOrDefault(s => s.Host == run.Host);
            events.Add(new HookEvent
            {
                Kind = HookKind.Success,
                Host = run.Host,
                State = status?.State ?? Kaya.Orchestrator.Monitoring.HostState.Ok,
                Outcome = run.Outcome.Value.ToText(),
                Reason = run.Reason ?? "",
                LastSuccess = run.Started,
            });
        }
        return events;
    }

    /// <summary>The states to store for the next comparison: only those that begin or end a condition, so that running does not reset one.</summary>
    public static IReadOnlyDictionary<string, string> StatesToStore(IReadOnlyList<HostStatus> current) =>
        current.Where(s => s.State is HostState.Ok or HostState.Failing or HostState.Stale).ToDictionary(s => s.Host, s => s.State.ToText(), StringComparer.Ordinal);

    private static HookEvent Event(HookKind kind, HostStatus status) => new()
    {
        Kind = kind,
        Host = status.Host,
        State = status.State,
        Outcome = status.LastAttempt?.Outcome?.ToText() ?? "",
        Reason = kind == HookKind.Stale && status.LastSuccessAge is { } age
            ? $"last success {Math.Floor(age.TotalHours)} h ago, max_age {Config.ConfigValues.Format(status.MaxAge)}"
            : status.LastAttempt?.Reason ?? "",
        LastSuccess = status.LastSuccess,
    };
}
