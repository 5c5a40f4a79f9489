using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Runs;

namespace Kaya.Orchestrator.Fleet;

/// <summary>
/// Runs many hosts: at most <c>parallel</c> at once, starts at least <c>stagger</c> apart (so SSH handshakes and
/// restic's index loads do not land together), in the order given. Once cancelled it starts nothing new; the
/// runs in progress see the same token and are recorded as interrupted.
/// </summary>
public sealed class FleetRunner(HostRunner runner, TimeProvider time)
{
    /// <summary>Hosts with the oldest success first; never-succeeded hosts before all, by name.</summary>
    public static IReadOnlyList<HostConfig> OldestSuccessFirst(IEnumerable<HostConfig> hosts, IReadOnlyDictionary<string, HostHistory> histories) =>
        hosts.OrderBy(h => histories.GetValueOrDefault(h.Name)?.LastSuccess?.Started ?? DateTimeOffset.MinValue).ThenBy(h => h.Name, StringComparer.Ordinal).ToList();

    /// <summary>Runs every host; <paramref name="ended"/> is called as each ends (from any thread, one at a time). Returns the records of the runs that ended.</summary>
    /// <exception cref="OperationCanceledException">cancelled: what ended before is reported through <paramref name="ended"/></exception>
    public async Task<IReadOnlyList<RunRecord>> RunAsync(KayaConfig config, IReadOnlyList<HostConfig> hosts, int parallel, RunTrigger trigger,
        Func<HostConfig, IBackupOutput> outputFor, Action<RunRecord> ended, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(Math.Max(1, parallel));
        var records = new List<RunRecord>();
        var running = new List<Task>();
        long? lastStart = null;
        try
        {
            foreach (var host in hosts)
            {
                await slots.WaitAsync(cancellationToken);
                if (lastStart is { } last && time.GetElapsedTime(last) is var since && since < config.Stagger)
                {
                    try { await Task.Delay(config.Stagger - since, time, cancellationToken); }
                    catch { slots.Release(); throw; }
                }
                lastStart = time.GetTimestamp();
                running.Add(RunOneAsync(host));
            }
        }
        finally
        {
            // Cancelled or not, the runs already started end (interrupted, if so) before this returns.
            await Task.WhenAll(running).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
        await Task.WhenAll(running);
        return records;

        async Task RunOneAsync(HostConfig host)
        {
            try
            {
                var (record, _) = await runner.RunAsync(config, host, resticArgs: null, user: null, trigger, outputFor(host), cancellationToken);
                lock (records)
                {
                    records.Add(record);
                    ended(record);
                }
            }
            finally
            {
                slots.Release();
            }
        }
    }
}
