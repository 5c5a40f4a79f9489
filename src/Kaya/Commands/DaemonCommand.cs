using Kaya.Web;
using System.CommandLine;
using System.Runtime.InteropServices;
using Kaya.Cli.Funnel;
using Kaya.Orchestrator;
using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Fleet;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Monitoring;
using Kaya.Orchestrator.Runs;
using Microsoft.Extensions.Logging;

namespace Kaya.Cli.Commands;

/// <summary>
/// <c>kaya daemon</c>: the long-running form for systemd (Type=notify). Runs due hosts through one shared server,
/// serves /metrics on status_listen, re-reads kaya.conf and hosts.d on SIGHUP, and on SIGTERM drains and exits 0.
/// </summary>
internal static partial class DaemonCommand
{
    public static Command Create()
    {
        var config = FleetSetup.ConfigOption();
        var debug = new Option<bool>("--debug", "-v") { Description = "log what each run does" };
        var command = new Command("daemon", "Run due hosts as they come due (every minute), serve /metrics on status_listen. " +
            "SIGHUP re-reads kaya.conf and hosts.d; SIGTERM lets runs finish for up to shutdown_timeout, interrupts the rest, exits 0.")
        {
            config, debug,
        };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(config)!, parse.GetValue(debug)));
        return command;
    }

    private static async Task<int> RunAsync(string configPath, bool debug)
    {
        var time = TimeProvider.System;
        var config = KayaConfigParser.Load(configPath);
        // A daemon that backs up nothing must not look started (as kaya run --all).
        if (HostsDirectory.Missing(config.HostsDir) is { } missing) throw new ConfigException($"daemon: {missing}");
        // At start one bad file skips its host only; a SIGHUP with a bad file keeps the old settings (Reload).
        var read = HostsDirectory.Read(config.HostsDir);
        var hosts = read.Hosts;
        BackupRoot.EnsureExists(config.BackupRoot);

        using var loggerFactory = CliLogging.Create(debug, LogLevel.Information);
        var logger = loggerFactory.CreateLogger("Kaya.Daemon");
        foreach (var error in read.Errors) LogHostFileSkipped(logger, error);
        using var stopping = new CancellationTokenSource();
        var history = await HistoryStore.OpenAsync(config.HistoryDb, stopping.Token);
        var monitor = new FleetMonitor(() => config, () => hosts, history, time, logger);
        await using var server = await RunServer.StartAsync(config, loggerFactory, stopping.Token, history);
        // restic's live status of each run, for the page's "running now" and /api/status.
        var progress = new LiveProgress(time);
        StatusServer status;
        try
        {
            // The status page, /api and /metrics (issue 13); it reads the settings through the delegate, so SIGHUP reloads show.
            var source = new HistoryFleetSource(history, () => (config, hosts), time, progress);
            // /metrics: the fleet from the history, then the shared server's rest-server-compatible blob counters.
            status = await StatusServer.StartAsync(StatusServerOptions.FromConfig(config, source) with { Metrics = async ct => await monitor.MetricsAsync(ct) + server.BlobMetrics?.Render() }, loggerFactory, stopping.Token);
        }
        catch (IOException e)
        {
            // The message already names status_listen and the address.
            throw new StartupException(e.Message, e, "choose another status_listen in kaya.conf, or stop what uses the port");
        }
        catch (ArgumentException e)
        {
            throw new StartupException($"cannot serve the status page on {config.StatusListen}: {e.Message}", e, "correct the status_* keys in kaya.conf");
        }
        await using var _ = status;
        // Named off loopback on purpose, perhaps; still worth a line: the page shows every host, failure and size.
        if (!System.Net.IPAddress.IsLoopback(config.StatusListen.Address) && config.StatusHtpasswd is null)
            Console.Error.WriteLine($"warning: status_listen {config.StatusListen} is not loopback and status_htpasswd is not set: anyone who reaches the port sees the fleet; set status_htpasswd (with status_tls_cert) or listen on 127.0.0.1");

        void Reload()
        {
            SystemdNotify.Send("RELOADING=1");
            try
            {
                var newConfig = KayaConfigParser.Load(configPath);
                var newHosts = HostsDirectory.Load(newConfig.HostsDir);
                (config, hosts) = (newConfig, newHosts);
                LogReloaded(logger, configPath, newHosts.Count);
            }
            catch (ConfigException e)
            {
                LogReloadFailed(logger, e.Message);
            }
            SystemdNotify.Send("READY=1");
        }

        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => { c.Cancel = true; Reload(); });
        void Stop(PosixSignalContext c)
        {
            c.Cancel = true;
            SystemdNotify.Send("STOPPING=1");
            stopping.Cancel();
        }

        var runner = new HostRunner(history, monitor, server, loggerFactory, time);
        var width = hosts.Select(h => h.Name.Length).DefaultIfEmpty(0).Max();
        // Scrubs and forgets on scrub_interval and forget_interval (issue 10), one at a time, out of the backups' way.
        var maintenance = new MaintenanceScheduler(history, () => config, () => hosts, logger, time);
        var daemon = new FleetDaemon(runner, monitor, () => config, () => hosts, h => progress.Tee(h.Name, new ConsoleBackupOutput(h.Name, prefix: true)),
            r => Console.Out.WriteLine(RunCommand.Line(r, Math.Max(width, r.Host.Length))), logger, time) { Maintenance = maintenance };
        SystemdNotify.Send("READY=1");
        LogStarted(logger, hosts.Count, config.StatusListen.ToString());
        await Task.WhenAll(daemon.RunAsync(stopping.Token), maintenance.RunAsync(stopping.Token));
        // systemd counts 143 as a failed stop: a drained daemon exits 0.
        return ExitCodes.Success;
    }

    [LoggerMessage(EventId = Kaya.Orchestrator.Logging.EventIds.DaemonStarted, Level = LogLevel.Information, Message = "kaya daemon: {Count} hosts, status page and metrics on http://{Listen}/")]
    private static partial void LogStarted(ILogger logger, int count, string listen);

    [LoggerMessage(EventId = Kaya.Orchestrator.Logging.EventIds.DaemonHostFileSkipped, Level = LogLevel.Error, Message = "{Error}: that host is not run; correct its file, then kaya check-config and SIGHUP")]
    private static partial void LogHostFileSkipped(ILogger logger, string error);

    [LoggerMessage(EventId = Kaya.Orchestrator.Logging.EventIds.DaemonReloaded, Level = LogLevel.Information, Message = "Re-read {Config} and hosts.d: {Count} hosts (status_listen changes need a restart)")]
    private static partial void LogReloaded(ILogger logger, string config, int count);

    [LoggerMessage(EventId = Kaya.Orchestrator.Logging.EventIds.DaemonReloadFailed, Level = LogLevel.Error, Message = "Reload refused, the old settings stay: {Reason}")]
    private static partial void LogReloadFailed(ILogger logger, string reason);
}
