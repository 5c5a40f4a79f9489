using System.CommandLine;
using System.Globalization;
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
/// <c>kaya run [--due | --all | HOST...] [--parallel N] [--dry-run]</c>: backs up many hosts through one shared
/// server, prints a line per host as each ends and a summary; exits with <see cref="FleetExitCode"/>.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = FleetSetup.ConfigOption();
        var due = new Option<bool>("--due") { Description = "the hosts that are due: no success within interval, failed (after its backoff), or never run" };
        var all = new Option<bool>("--all") { Description = "every enabled host in hosts.d" };
        var parallel = new Option<int?>("--parallel") { Description = "at most N runs at once (default: max_parallel in kaya.conf)", HelpName = "N" };
        var dryRun = new Option<bool>("--dry-run") { Description = "print which hosts would run, in order, and run none" };
        var debug = new Option<bool>("--debug", "-v") { Description = "show what each run does" };
        var hosts = new Argument<string[]>("HOST") { Description = "these hosts (each needs a hosts.d file)", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("run", "Back up many hosts through one server: at most --parallel at once, the oldest success first. " +
            $"Exit 0 when every host succeeded; else the most severe host's code ({string.Join(" > ", FleetExitCode.Severity)} > restic's); {ExitCodes.Interrupted} SIGINT, {ExitCodes.Terminated} SIGTERM.")
        {
            config, due, all, parallel, dryRun, debug, hosts,
        };
        command.Validators.Add(r =>
        {
            var ways = (r.GetValue(due) ? 1 : 0) + (r.GetValue(all) ? 1 : 0) + (r.GetValue(hosts) is { Length: > 0 } ? 1 : 0);
            if (ways != 1) r.AddError("say which hosts: --due, --all, or HOST names (one of them)");
            if (r.GetValue(parallel) is < 1) r.AddError("--parallel must be at least 1");
        });
        command.SetAction(async (parse, _) =>
        {
            using var signals = new Signals();
            var selection = parse.GetValue(all) ? Selection.All : parse.GetValue(due) ? Selection.Due : Selection.Named;
            return await RunAsync(parse.GetValue(config)!, selection, parse.GetValue(hosts) ?? [], parse.GetValue(parallel), parse.GetValue(dryRun), parse.GetValue(debug), signals);
        });
        return command;
    }

    private enum Selection { All, Due, Named }

    private static async Task<int> RunAsync(string configPath, Selection selection, string[] named, int? parallel, bool dryRun, bool debug, Signals signals)
    {
        var time = TimeProvider.System;
        var config = KayaConfigParser.Load(configPath);
        // --all and --due take every host of hosts_dir: with no such folder they would back up nothing and exit 0, a timer looking green.
        if (selection != Selection.Named && HostsDirectory.Missing(config.HostsDir) is { } missing)
            throw new ConfigException($"run: no host to run: {missing}");
        // One host's bad file skips that host only (its errors on stderr, exit 20 at the end): it must not stop every other backup.
        var read = HostsDirectory.Read(config.HostsDir);
        foreach (var error in read.Errors) Console.Error.WriteLine($"kaya: {error}");
        var fleet = read.Hosts;
        foreach (var name in named)
        {
            var file = Path.Combine(config.HostsDir, name + HostConfigParser.Suffix);
            if (fleet.All(h => h.Name != name) && !File.Exists(file))
                throw new ConfigException($"{name}: no such host: create {file} (or back it up with kaya {name} backup -- ARGS){DidYouMean.Hint(name, fleet.Select(h => h.Name))}");
        }
        var filesExitCode = read.Errors.Count > 0 ? ExitCodes.Config : ExitCodes.Success;
        BackupRoot.EnsureExists(config.BackupRoot);

        using var loggerFactory = CliLogging.Create(debug);
        var logger = loggerFactory.CreateLogger("Kaya.Cli");
        var history = await HistoryStore.OpenAsync(config.HistoryDb, signals.Token);
        var histories = await history.GetHostHistoriesAsync(signals.Token);
        var statuses = FleetStatus.Compute(fleet, histories, time);
        var chosen = selection switch
        {
            Selection.All => fleet.Where(h => h.Enabled),
            Selection.Due => statuses.Where(s => s.IsDue).Select(s => fleet.First(h => h.Name == s.Host)),
            _ => fleet.Where(h => named.Contains(h.Name)),
        };
        var hosts = FleetRunner.OldestSuccessFirst(chosen, histories);
        var width = hosts.Select(h => h.Name.Length).DefaultIfEmpty(4).Max();
        if (dryRun)
        {
            foreach (var h in hosts) Console.Out.WriteLine($"{h.Name.PadRight(width)}  would run: {Words(h.ResticArgs)}");
            if (hosts.Count == 0 && selection == Selection.Due) Console.Out.Write(NoneDue(statuses));
            return filesExitCode;
        }
        if (hosts.Count == 0)
        {
            Console.Out.WriteLine("kaya run: no host to run");
            return filesExitCode;
        }

        var monitor = new FleetMonitor(() => config, () => fleet, history, time, logger);
        await using var server = await RunServer.StartAsync(config, loggerFactory, signals.Token, history);
        var runner = new FleetRunner(new HostRunner(history, monitor, server, loggerFactory, time), time);
        var started = time.GetTimestamp();
        var ended = new List<RunRecord>();
        try
        {
            await runner.RunAsync(config, hosts, parallel ?? config.MaxParallel, RunTrigger.Run,
                h => new ConsoleBackupOutput(h.Name, prefix: true),
                r => { ended.Add(r); Console.Out.WriteLine(Line(r, width)); },
                signals.Token);
        }
        catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
        {
            Console.Out.WriteLine(Summary(ended, hosts.Count, time.GetElapsedTime(started)));
            Console.Error.WriteLine("kaya run: interrupted; the runs in progress were stopped and recorded as interrupted");
            return signals.StoppedExitCode;
        }
        Console.Out.WriteLine(Summary(ended, hosts.Count, time.GetElapsedTime(started)));
        if (filesExitCode != ExitCodes.Success) Console.Error.WriteLine($"kaya run: {read.Errors.Count} error(s) in hosts_dir {config.HostsDir} (above): those hosts were not run; kaya check-config lists them");
        return FleetExitCode.MostSevere([FleetExitCode.Of(ended), filesExitCode]);
    }

    /// <summary><c>HOST  OUTCOME  DURATION  ADDED  SNAPSHOT-or-REASON</c>.</summary>
    internal static string Line(RunRecord r, int width) =>
        string.Create(CultureInfo.InvariantCulture, $"{r.Host.PadRight(width)}  {(r.Outcome?.ToText() ?? "?"),-16}  {r.Duration?.TotalSeconds ?? 0,7:0.0} s  {ByteText.Format(r.BytesAdded),10} added  ") +
        (r.Outcome?.IsSuccess() == true ? $"snapshot {r.SnapshotId}" : r.Reason ?? "") +
        (r.Attempts > 1 ? $" (after {r.Attempts} attempts)" : "");

    private static string Summary(IReadOnlyList<RunRecord> ended, int total, TimeSpan elapsed)
    {
        var counts = ended.GroupBy(r => r.Outcome?.ToText() ?? "?").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}");
        var notRun = total - ended.Count;
        return string.Create(CultureInfo.InvariantCulture,
            $"kaya run: {total} hosts: {string.Join(", ", counts)}{(notRun > 0 ? $", {notRun} not finished" : "")}; {ByteText.Format(ended.Sum(r => r.BytesAdded ?? 0))} added in {elapsed.TotalSeconds:0} s");
    }

    /// <summary><c>--due --dry-run</c> with nothing due: say so, and when each host comes due (UTC), rather than print nothing.</summary>
    internal static string NoneDue(IEnumerable<HostStatus> statuses)
    {
        var lines = new System.Text.StringBuilder("kaya run: no host is due\n");
        foreach (var s in statuses)
        {
            var next = s.NextDue is { } due ? due.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "never (disabled)";
            lines.Append(CultureInfo.InvariantCulture, $"{s.Host}  next due {next}\n");
        }
        return lines.ToString();
    }

    private static string Words(IReadOnlyList<string>? args) => args is { Count: > 0 } ? "restic backup " + string.Join(' ', args.Select(RemoteBootstrap.Quote)) : "(no restic_args: would fail)";
}
