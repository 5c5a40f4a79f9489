using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Fleet;
using Kaya.Orchestrator.History;

namespace Kaya.Orchestrator.Monitoring;

/// <summary>
/// Computes each host's state and due-ness from hosts.d, the history and the time — no repository folder is read,
/// so status works unchanged when repositories live elsewhere.
/// </summary>
public static class FleetStatus
{
    /// <summary>The first wait after a failure: 1 h (issue 9), doubling per further failure up to the host's interval.</summary>
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromHours(1);

    /// <summary>The status of every host in <paramref name="hosts"/>, in their order.</summary>
    public static IReadOnlyList<HostStatus> Compute(IEnumerable<HostConfig> hosts, IReadOnlyDictionary<string, HostHistory> history,
        TimeProvider time, TimeWindow? backupWindow = null) =>
        hosts.Select(h => Compute(h, history.GetValueOrDefault(h.Name), time, backupWindow)).ToList();

    public static HostStatus Compute(HostConfig host, HostHistory? history, TimeProvider time, TimeWindow? backupWindow = null)
    {
        var now = time.GetUtcNow();
        var lastSuccess = history?.LastSuccess?.Started;
        // A host that never succeeded is failing (it has tried) or never (it has not), not stale.
        var stale = host.Enabled && lastSuccess is { } s && now - s > host.MaxAge;
        var failing = host.Enabled && history is { FailuresSinceSuccess: > 0 };
        var state =
            !host.Enabled ? HostState.Disabled
            : history?.Running is not null ? HostState.Running
            : failing ? HostState.Failing
            : stale ? HostState.Stale
            : lastSuccess is null ? HostState.Never
            : HostState.Ok;
        var nextDue = host.Enabled ? NextDue(host, history, now) : (DateTimeOffset?)null;
        if (nextDue is { } due && backupWindow is not null) nextDue = backupWindow.NextOpening(due > now ? due : now, time.LocalTimeZone);
        return new HostStatus
        {
            Host = host.Name,
            State = state,
            IsStale = stale,
            Interval = host.Interval,
            MaxAge = host.MaxAge,
            LastSuccess = lastSuccess,
            LastSuccessAge = lastSuccess is { } l ? now - l : null,
            LastAttempt = history?.LastAttempt,
            Running = history?.Running,
            RepositoryBytes = history?.LastMeasured?.RepositoryBytes,
            SnapshotCount = history?.LastMeasured?.SnapshotCount,
            NextDue = nextDue,
            IsDue = nextDue is { } n && n <= now && history?.Running is null,
            RunCounts = history?.RunCounts ?? new Dictionary<RunOutcome, long>(),
        };
    }

    /// <summary>
    /// Due when there is no success within interval, or never run; after a failure, not before the backoff
    /// (1 h, doubling per failure since the last success, at most the interval) has passed since it ended.
    /// </summary>
    private static DateTimeOffset NextDue(HostConfig host, HostHistory? history, DateTimeOffset now)
    {
        if (history?.LastAttempt is null) return now;
        var due = history.LastSuccess is { } success ? success.Started + host.Interval : now;
        if (history.FailuresSinceSuccess > 0 && history.LastFailure is { } failure)
        {
            var doublings = Math.Min(history.FailuresSinceSuccess - 1, 30);
            var backoff = TimeSpan.FromTicks(Math.Min(FirstBackoff.Ticks << doublings, host.Interval.Ticks));
            var retry = (failure.Ended ?? failure.Started) + backoff;
            if (retry > due) due = retry;
        }
        return due;
    }
}
