using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Logging;
using Kaya.Orchestrator.Monitoring;
using Kaya.Orchestrator.Runs;
using Kaya.Orchestrator.Transport;
using Kaya.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace Kaya.Orchestrator.Fleet;

/// <summary>
/// One host's run as every command makes it: recorded in the history (begun, so status shows it running, then
/// completed), retried inside the invocation on a transient failure (kaya.conf's retry_backoff), restic's output
/// kept, and then the monitor's follow-up (metrics_textfile, hooks).
/// </summary>
/// <param name="server">the server all runs share; null: each run starts its own (<c>kaya HOST backup</c>)</param>
public sealed partial class HostRunner(HistoryStore history, FleetMonitor monitor, KayaServer? server, ILoggerFactory loggerFactory, TimeProvider time)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Kaya.Orchestrator");

    /// <summary>Runs <paramref name="host"/>; returns its record as stored and the last attempt's result (with its classified failure, for --debug).</summary>
    /// <param name="resticArgs">the words after <c>--</c>; null: the host's restic_args</param>
    /// <param name="user">the remote user; null: the host's</param>
    /// <exception cref="HistoryException">the history could not be written</exception>
    /// <exception cref="OperationCanceledException">the run was interrupted; it is recorded as interrupted first</exception>
    public async Task<(RunRecord Record, BackupResult Result)> RunAsync(KayaConfig config, HostConfig host, IReadOnlyList<string>? resticArgs, string? user, RunTrigger trigger,
        IBackupOutput output, CancellationToken cancellationToken)
    {
        var settings = host.ApplyTo(config);
        var transportName = settings.SshTransport == SshTransportKind.SshNet ? "sshnet" : "openssh";
        var started = time.GetUtcNow();
        var clock = time.GetTimestamp();
        var id = await history.BeginAsync(host.Name, trigger, started, transportName, cancellationToken);
        var log = new OutputLog(output);
        var request = new BackupRequest
        {
            Config = settings,
            Host = host.Name,
            User = user ?? host.User,
            ResticArgs = resticArgs ?? host.ResticArgs ?? [],
            Quota = host.Quota,
            // The history's id: the ledger rows of the run's snapshots name the run that recorded them.
            RunId = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        RunRecord record;
        BackupResult result;
        try
        {
            (result, var attempts) = await RunWithRetriesAsync(request, host, log, cancellationToken);
            // Stopped while the target's restic ended on the stop (its code, not a fault of the host): interrupted.
            if (cancellationToken.IsCancellationRequested && result.Outcome is not (BackupOutcome.Succeeded or BackupOutcome.Incomplete))
                throw new OperationCanceledException(result.Failure, cancellationToken);
            record = RunRecord.From(result, trigger, transportName, attempts, log: log.Text) with { Started = started, Duration = time.GetElapsedTime(clock) };
            record = record with { Ended = started + record.Duration!.Value };
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            var duration = time.GetElapsedTime(clock);
            await history.CompleteAsync(id, new RunRecord
            {
                Host = host.Name, Trigger = trigger, Started = started, Ended = started + duration, Duration = duration,
                Outcome = RunOutcome.Interrupted, Reason = $"{host.Name}: interrupted: kaya was stopped before the run ended" + (e.Message.StartsWith(host.Name, StringComparison.Ordinal) ? $" ({e.Message})" : ""), Transport = transportName,
                Log = log.Text,
            }, CancellationToken.None);
            throw;
        }
        await history.CompleteAsync(id, record, CancellationToken.None);
        record = record with { Id = id };
        await monitor.AfterRunsAsync([record], cancellationToken);
        return (record, result);
    }

    private async Task<(BackupResult Result, int Attempts)> RunWithRetriesAsync(BackupRequest request, HostConfig host, IBackupOutput output, CancellationToken cancellationToken)
    {
        if (request.ResticArgs.Count == 0)
        {
            var missing = new ConfigException($"{host.Name}: nothing to back up: give restic_args in {(host.Path.Length > 0 ? host.Path : $"hosts.d/{host.Name}.conf")}");
            return (new BackupResult
            {
                Host = host.Name, Outcome = BackupOutcome.ConfigFailed, Started = time.GetUtcNow(), Duration = TimeSpan.Zero,
                ExitCode = missing.ExitCode, Failure = missing.OneLine, Exception = missing,
            }, 1);
        }
        var backoff = request.Config.RetryBackoff;
        for (var attempt = 1; ; attempt++)
        {
            var run = new BackupRun(SshTransports.For(request.Config.SshTransport, loggerFactory, time), output, loggerFactory, time, server, history);
            var result = await run.RunAsync(request, cancellationToken);
            if (!result.IsTransient || attempt > backoff.Count) return (result, attempt);
            var wait = backoff[attempt - 1];
            // Most failures name their host already ("www1: connection refused"): once is enough.
            var failure = result.Failure?.StartsWith(host.Name + ": ", StringComparison.Ordinal) == true ? result.Failure : $"{host.Name}: {result.Failure}";
            output.Error($"{failure}; trying again in {ConfigValues.Format(wait)} (attempt {attempt + 1} of {backoff.Count + 1})");
            LogRetrying(_logger, host.Name, attempt + 1, wait);
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    [LoggerMessage(EventId = EventIds.RunRetrying, Level = LogLevel.Information, Message = "{Host}: transient failure; attempt {Attempt} after {Wait}")]
    private static partial void LogRetrying(ILogger logger, string host, int attempt, TimeSpan wait);
}
