using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Logging;
using Kaya.Orchestrator.Monitoring;
using Kaya.Orchestrator.Runs;
using Microsoft.Extensions.Logging;

namespace Kaya.Orchestrator.Fleet;

/// <summary>
/// <c>kaya daemon</c>'s loop: wakes every minute (and when a run ends), starts the due hosts (<see cref="FleetStatus"/>:
/// interval, failure backoff, backup_window) with the same limits as <c>kaya run</c> (max_parallel, stagger). When
/// stopped it starts nothing new, lets runs finish for up to shutdown_timeout, then interrupts them (recorded as interrupted).
/// Settings are read through functions, so a reload (SIGHUP) takes effect at the next wake.
/// </summary>
public sealed partial class FleetDaemon(HostRunner runner, FleetMonitor monitor, Func<KayaConfig> config, Func<IReadOnlyList<HostConfig>> hosts,
    Func<HostConfig, IBackupOutput> outputFor, Action<RunRecord> ended, ILogger logger, TimeProvider time)
{
    /// <summary>How often due-ness is checked: once a minute (issue 9), the resolution of interval and backup_window.</summary>
    public static readonly TimeSpan WakeInterval = TimeSpan.FromMinutes(1);

    /// <summary>The scrubs and forgets the backups go before (<see cref="MaintenanceScheduler"/>); null: none.</summary>
    public IBackupGate? Maintenance { get; init; }

    private readonly Dictionary<string, Task> _running = new(StringComparer.Ordinal);
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long? _lastStart;

    /// <summary>Runs until <paramref name="stopping"/> is cancelled, then drains as described above. Never throws for a run's failure.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var interrupt = new CancellationTokenSource();
        while (!stopping.IsCancellationRequested)
        {
            var wake = Interlocked.Exchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            var delay = await StartDueAsync(interrupt.Token, stopping);
            try { await Task.WhenAny(wake, Task.Delay(delay, time, stopping)).Unwrap(); }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested) { break; }
        }

        Task all;
        lock (_running) all = Task.WhenAll(_running.Values);
        if (!all.IsCompleted)
        {
            var grace = config().ShutdownTimeout;
            LogDraining(logger, _running.Count, grace);
            if (await Task.WhenAny(all, Task.Delay(grace, time)) != all) await interrupt.CancelAsync();
        }
        await all;
    }

    /// <summary>Starts what may start now; returns how long to sleep before looking again (unless a run ends first).</summary>
    private async Task<TimeSpan> StartDueAsync(CancellationToken interrupt, CancellationToken stopping)
    {
        var settings = config();
        IReadOnlyList<HostStatus> statuses;
        try { statuses = await monitor.StatusAsync(stopping); }
        catch (HistoryException e)
        {
            LogNoStatus(logger, e.Message);
            return WakeInterval;
        }
        var fleet = hosts();
        var due = statuses.Where(s => s.IsDue).OrderBy(s => s.LastSuccess ?? DateTimeOffset.MinValue).ThenBy(s => s.Host, StringComparer.Ordinal)
            .Select(s => fleet.FirstOrDefault(h => h.Name == s.Host)).OfType<HostConfig>().Where(h => h.Enabled);
        foreach (var host in due)
        {
            lock (_running)
            {
                if (_running.ContainsKey(host.Name) || Maintenance?.MayStart(host.Name) == false) continue;
                if (_running.Count >= settings.MaxParallel) return WakeInterval;
            }
            if (_lastStart is { } last && time.GetElapsedTime(last) is var since && since < settings.Stagger) return settings.Stagger - since;
            _lastStart = time.GetTimestamp();
            lock (_running) _running[host.Name] = RunOneAsync(settings, host, interrupt);
        }
        return WakeInterval;
    }

    private async Task RunOneAsync(KayaConfig settings, HostConfig host, CancellationToken interrupt)
    {
        await Task.Yield();
        try
        {
            using var claim = Maintenance is { } gate ? await gate.ClaimAsync(host.Name, interrupt) : null;
            var (record, _) = await runner.RunAsync(settings, host, resticArgs: null, user: null, RunTrigger.Daemon, outputFor(host), interrupt);
            ended(record);
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            LogInterrupted(logger, host.Name);
        }
        catch (Exception e)
        {
            // The daemon outlives any one run: a history or unexpected fault is logged and the host tried again later.
            LogRunFault(logger, e, host.Name, e.Message);
        }
        finally
        {
            lock (_running) _running.Remove(host.Name);
            _wake.TrySetResult();
        }
    }

    [LoggerMessage(EventId = EventIds.DaemonDraining, Level = LogLevel.Information, Message = "Stopping: waiting up to {Grace} for {Count} runs to finish, then interrupting them")]
    private static partial void LogDraining(ILogger logger, int count, TimeSpan grace);

    [LoggerMessage(EventId = EventIds.DaemonNoStatus, Level = LogLevel.Error, Message = "Cannot read the history to find due hosts: {Reason}; trying again in a minute")]
    private static partial void LogNoStatus(ILogger logger, string reason);

    [LoggerMessage(EventId = EventIds.DaemonRunFault, Level = LogLevel.Error, Message = "{Host}: the run could not be made or recorded: {Reason}")]
    private static partial void LogRunFault(ILogger logger, Exception exception, string host, string reason);

    [LoggerMessage(EventId = EventIds.DaemonRunInterrupted, Level = LogLevel.Warning, Message = "{Host}: interrupted at shutdown; recorded as interrupted")]
    private static partial void LogInterrupted(ILogger logger, string host);
}
