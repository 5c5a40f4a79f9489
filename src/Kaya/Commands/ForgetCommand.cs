using System.CommandLine;
using Kaya.Orchestrator;
using Kaya.Orchestrator.Fleet;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Lifecycle;
using Kaya.Orchestrator.Runs;

namespace Kaya.Cli.Commands;

/// <summary>
/// <c>kaya [-c CONFIG] HOST forget [--keep-* N] [--keep-within D] [--prune] [--dry-run] [--force]</c>: restic's
/// keep rules on the backup host's arrival times (<see cref="ArrivalForget"/>); without --keep-* flags, the host's
/// keep_* keys, else kaya.conf's; with none at all, refused (exit 2). Recognised before the main parse, as
/// <see cref="ResticCommand"/> is.
/// </summary>
internal static class ForgetCommand
{
    public static bool Matches(string[] args) => ResticCommand.CommandWord(args) == "forget";

    public static async Task<int> RunAsync(string[] args)
    {
        // forget's rules are kaya's options: words after -- would reach no restic.
        if (Array.IndexOf(args, "--") is var dash and >= 0)
        {
            var word = Array.IndexOf(args, "forget");
            var named = word > 0 ? args[word - 1] : "HOST";
            return FleetSetup.Fail($"forget takes no restic arguments after --: kaya {named} forget {string.Join(' ', args[(dash + 1)..])}".TrimEnd(), ExitCodes.Usage);
        }
        Option<int?> Keep(string unit, string description)
        {
            var option = WholeNumberOption.Int($"--keep-{unit}");
            option.Description = description;
            option.HelpName = "N";
            return option;
        }
        var last = Keep("last", "keep the last N runs by arrival");
        var hourly = Keep("hourly", "keep the last N hourly snapshots by arrival (restic's rule)");
        var daily = Keep("daily", "keep the last N daily snapshots by arrival (restic's rule)");
        var weekly = Keep("weekly", "keep the last N weekly snapshots by arrival (restic's rule)");
        var monthly = Keep("monthly", "keep the last N monthly snapshots by arrival (restic's rule)");
        var yearly = Keep("yearly", "keep the last N yearly snapshots by arrival (restic's rule)");
        var within = new Option<string>("--keep-within") { Description = "keep what arrived within DURATION of the last arrival (e.g. 2y5m7d3h)", HelpName = "DURATION" };
        var prune = new Option<bool>("--prune") { Description = "run restic prune after the forget" };
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "print the selection; change nothing" };
        var force = new Option<bool>("--force") { Description = "apply the rules although most mtime-dated snapshots share one arrival minute" };
        var root = new RootCommand("Remove snapshots by restic's keep rules, applied to the times they arrived on the backup host.");
        var (config, _, host) = HostCommandLine.Add(root, "the host whose repository (backup_root/HOST) to thin out");
        root.Add(new Argument<string>("forget"));
        foreach (var option in new Option[] { last, hourly, daily, weekly, monthly, yearly, within, prune, dryRun, force }) root.Add(option);
        root.Validators.Add(result =>
        {
            if (result.GetValue(within) is { } w)
            {
                try { ResticDuration.Parse(w); }
                catch (FormatException e) { result.AddError($"--keep-within {w}: {e.Message}"); }
            }
        });
        root.SetAction(async (parse, _) =>
        {
            using var signals = new Signals();
            if (HostCommandLine.LoadConfig(parse.GetValue(config)!) is not { } settings) return ExitCodes.Config;
            KeepPolicy policy = new()
            {
                Last = parse.GetValue(last) ?? 0,
                Hourly = parse.GetValue(hourly) ?? 0,
                Daily = parse.GetValue(daily) ?? 0,
                Weekly = parse.GetValue(weekly) ?? 0,
                Monthly = parse.GetValue(monthly) ?? 0,
                Yearly = parse.GetValue(yearly) ?? 0,
                Within = parse.GetValue(within) is { } w ? ResticDuration.Parse(w) : default,
            };
            var name = parse.GetValue(host)!;
            // Flags typed replace the configured rules entirely: never the config's rules behind a user's "--keep-last 0".
            var typed = new Option[] { last, hourly, daily, weekly, monthly, yearly, within }.Where(o => parse.GetResult(o) is not null).Select(o => o.Name).ToList();
            if (typed.Count > 0 && policy.IsEmpty)
                return FleetSetup.Fail($"{name}: {string.Join(", ", typed)}: 0 means no rule (restic's reading), so nothing would be kept by rule: give a count of at least 1, e.g. kaya {name} forget --keep-last 1", ExitCodes.Usage);
            // No --keep-* flag: the host's keep_* keys, else kaya.conf's, as kaya forget --all and the daemon take them.
            if (typed.Count == 0)
            {
                var file = Path.Combine(settings.HostsDir, name + HostConfigParser.Suffix);
                string? from;
                try
                {
                    (policy, from) = (File.Exists(file) ? HostConfigParser.Load(file).Keep : null) is { } own ? (own, file)
                        : settings.Keep is { } shared ? (shared, parse.GetValue(config)!) : (policy, null);
                }
                catch (ConfigException e) { return FleetSetup.Fail(e.Message, ExitCodes.Config); }
                if (from is not null && !policy.IsEmpty) Console.Error.WriteLine($"kaya: forget: keep rules from {from}: {policy}");
            }
            if (policy.IsEmpty) return FleetSetup.Fail(NoKeepRule(name, parse.GetValue(config)!, settings.HostsDir), ExitCodes.Usage);
            var request = new ForgetRequest
            {
                BackupRoot = settings.BackupRoot,
                Host = name,
                Policy = policy,
                Prune = parse.GetValue(prune),
                DryRun = parse.GetValue(dryRun),
                Force = parse.GetValue(force),
                SkewAlarm = settings.ClockSkewAlarm,
                Storage = settings.Storage,
                HistoryDb = settings.HistoryDb,
            };
            try { BackupRoot.EnsureExists(settings.BackupRoot); }
            catch (StorageException e) { return FleetSetup.Fail(e.OneLine, e.ExitCode); }
            HistoryStore? history = null;
            // Each forget is recorded (issue 10); a dry run changes nothing and needs no history.
            if (!request.DryRun)
            {
                try { history = await HistoryStore.OpenAsync(settings.HistoryDb, signals.Token); }
                catch (HistoryException e) { return FleetSetup.Fail(e.Message, ExitCodes.Database); }
            }
            return await RunOneAsync(request, history, signals.Token);
        });
        return await HostCommandLine.InvokeAsync(root, args);
    }

    /// <summary>
    /// Why a forget without a keep rule is refused, and how to give one. restic's own forget removes nothing without
    /// a policy ("no policy was specified, no snapshots will be removed"); kaya says so as an error, not in passing.
    /// </summary>
    /// <param name="host">the host, or null for <c>kaya forget --all</c></param>
    public static string NoKeepRule(string? host, string configPath, string hostsDir) =>
        $"{(host is null ? "forget --all" : host)}: no keep rule, so nothing is removed: give one as keep_daily=7 (or keep_last, keep_weekly, ...) " +
        $"in {configPath} or {Path.Combine(hostsDir, (host ?? "HOST") + HostConfigParser.Suffix)}, or on the command line: kaya {host ?? "HOST"} forget --keep-daily 7";

    /// <summary>One host's forget, recorded in <paramref name="history"/> (null: a dry run), its failure printed; returns the exit code.</summary>
    public static async Task<int> RunOneAsync(ForgetRequest request, HistoryStore? history, CancellationToken cancellationToken)
    {
        try
        {
            var result = history is null
                ? await ArrivalForget.RunAsync(request, new ConsoleLines(), cancellationToken)
                : await RecordedForget.RunAsync(request, history, RunTrigger.Cli, new ConsoleLines(), cancellationToken);
            if (result.Failure is { } failure) Console.Error.WriteLine($"kaya: {failure}");
            return result.ExitCode;
        }
        catch (OperationCanceledException) { return ExitCodes.Interrupted; }
        catch (HistoryException e)
        {
            Console.Error.WriteLine($"kaya: {request.Host}: the forget ended but could not be recorded: {e.Message}");
            return ExitCodes.Database;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"kaya: {request.Host}: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
