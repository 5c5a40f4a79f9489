using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Fleet;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Monitoring;
using Kaya.Orchestrator.Runs;

namespace Kaya.Web;

/// <summary>
/// The fleet as <c>kaya status</c> computes it: hosts.d, the history and the clock. The settings are read through a
/// delegate on every call, so a daemon that re-reads kaya.conf and hosts.d on SIGHUP hands the page the new ones.
/// </summary>
/// <param name="progress">restic's live status of this process's runs (the daemon's); null: none is shown</param>
public sealed class HistoryFleetSource(HistoryStore history, Func<(KayaConfig Config, IReadOnlyList<HostConfig> Hosts)> settings, TimeProvider time,
    LiveProgress? progress = null) : IFleetSource
{
    public TimeProvider Time => time;

    public async Task<FleetSnapshot> GetSnapshotAsync(CancellationToken cancellationToken)
    {
        var (config, hosts) = settings();
        var histories = await history.GetHostHistoriesAsync(cancellationToken);
        var snapshot = Compute(config, hosts, hosts, histories, time) with { LastScrub = FleetScrub.Summarize(await history.GetLastScrubsAsync(cancellationToken)) };
        if (progress is null) return snapshot;
        return snapshot with
        {
            Hosts = snapshot.Hosts.Select(h => h.Running is { } run ? h with { Progress = progress.For(h.Host, run.Started) } : h).ToList(),
        };
    }

    public Task<IReadOnlyList<RunRecord>> GetRunsAsync(string host, int limit, CancellationToken cancellationToken) =>
        history.ListRunsAsync(host, limit, cancellationToken);

    /// <summary>
    /// The snapshot of <paramref name="shown"/> (a subset of <paramref name="all"/>, the hosts.d files): what
    /// <c>kaya status</c>, its JSON, its HTML and the page all print. Repositories without a hosts.d file are listed
    /// only when every host is shown.
    /// </summary>
    public static FleetSnapshot Compute(KayaConfig config, IReadOnlyList<HostConfig> all, IReadOnlyList<HostConfig> shown,
        IReadOnlyDictionary<string, HostHistory> histories, TimeProvider time) => new()
    {
        Hosts = FleetStatus.Compute(shown, histories, time, config.BackupWindow),
        UnconfiguredRepositories = ReferenceEquals(all, shown) ? UnconfiguredRepositories.Find(config.BackupRoot, all) : [],
        GeneratedAt = time.GetUtcNow(),
        TimeZone = time.LocalTimeZone,
    };
}
