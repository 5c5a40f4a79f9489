using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Fleet;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Logging;
using Microsoft.Extensions.Logging;

namespace Kaya.Orchestrator.Monitoring;

/// <summary>
/// What follows every run: the status recomputed from the history, metrics_textfile rewritten, and the hooks
/// its changes of state call for. A failure here is logged and never changes a run's result.
/// </summary>
public sealed partial class FleetMonitor(Func<KayaConfig> config, Func<IReadOnlyList<HostConfig>> hosts, HistoryStore history, TimeProvider time, ILogger logger)
{
    // One process's runs end in any order; their follow-ups go one at a time (the history orders other processes').
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HookRunner _hooks = new(time);

    /// <summary>Every host's status now: hosts.d's hosts, then any other host the history knows (a <c>kaya HOST backup</c> without a file).</summary>
    public async Task<IReadOnlyList<HostStatus>> StatusAsync(CancellationToken cancellationToken)
    {
        var histories = await history.GetHostHistoriesAsync(cancellationToken);
        var configured = hosts();
        var all = configured.Concat(histories.Keys.Where(h => configured.All(c => c.Name != h)).Order(StringComparer.Ordinal)
            .Select(h => new HostConfig { Name = h, Path = "" }));
        return FleetStatus.Compute(all, histories, time, config().BackupWindow);
    }

    /// <summary>The Prometheus text of the fleet's metrics (the daemon's /metrics).</summary>
    public async Task<string> MetricsAsync(CancellationToken cancellationToken) =>
        FleetMetrics.Render(await StatusAsync(cancellationToken)) + await LifecycleMetricsAsync(cancellationToken);

    /// <summary>The scrub and forget families, from the history.</summary>
    private async Task<string> LifecycleMetricsAsync(CancellationToken cancellationToken) =>
        FleetMetrics.RenderScrubs(await history.GetLastScrubsAsync(cancellationToken)) + FleetMetrics.RenderForgets(await history.GetLastForgetsAsync(cancellationToken));

    /// <summary>After <paramref name="finished"/> were recorded: metrics_textfile and hooks. Never throws but for cancellation.</summary>
    public async Task AfterRunsAsync(IReadOnlyList<RunRecord> finished, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var settings = config();
            var statuses = await StatusAsync(cancellationToken);
            if (settings.MetricsTextfile is { } path) await FleetMetrics.WriteTextfileAsync(path, FleetMetrics.Render(statuses) + await LifecycleMetricsAsync(cancellationToken), cancellationToken);
            var previous = await history.ExchangeStatesAsync(HookEvents.StatesToStore(statuses), time.GetUtcNow(), cancellationToken);
            foreach (var hook in HookEvents.For(previous, statuses, finished))
            {
                if (hook.CommandIn(settings) is not { } command) continue;
                var result = await _hooks.RunAsync(command, hook, settings.HookTimeout, cancellationToken);
                if (result.TimedOut || result.ExitCode != 0)
                    LogHookFailed(logger, hook.KindText, hook.Host, result.TimedOut ? $"killed after {ConfigValues.Format(settings.HookTimeout)}" : $"exit code {result.ExitCode}", result.Output);
            }
        }
        catch (Exception e) when (e is IOException or HistoryException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            LogMonitoringFailed(logger, e.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(EventId = EventIds.HookFailed, Level = LogLevel.Warning, Message = "on_{Kind} hook for {Host} failed: {Why}; its output: {Output}")]
    private static partial void LogHookFailed(ILogger logger, string kind, string host, string why, string output);

    [LoggerMessage(EventId = EventIds.MonitoringFailed, Level = LogLevel.Warning, Message = "After the run: {Reason} (the run itself is recorded)")]
    private static partial void LogMonitoringFailed(ILogger logger, string reason);
}
