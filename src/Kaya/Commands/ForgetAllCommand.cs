using System.CommandLine;
using Kaya.Orchestrator;
using Kaya.Orchestrator.Lifecycle;

namespace Kaya.Cli.Commands;

/// <summary>
/// <c>kaya forget --all [--prune] [--dry-run] [--force]</c>: <c>kaya HOST forget</c> for every enabled host with
/// keep_* keys (its hosts.d file's, else kaya.conf's), one after the other. Exit 0 when every host succeeded, else the first failure's code;
/// 2 when there is no keep rule anywhere.
/// </summary>
internal static class ForgetAllCommand
{
    public static Command Create()
    {
        var config = FleetSetup.ConfigOption();
        var all = new Option<bool>("--all") { Description = "every enabled host with keep_* keys in hosts.d or kaya.conf (required: a host's own form is 'kaya HOST forget')" };
        var prune = new Option<bool>("--prune") { Description = "run restic prune after each forget" };
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "print each selection; change nothing" };
        var force = new Option<bool>("--force") { Description = "apply the rules although most mtime-dated snapshots share one arrival minute" };
        var command = new Command("forget", "Apply each host's keep_* rules (hosts.d, else kaya.conf) to the times its snapshots arrived.") { config, all, prune, dryRun, force };
        command.Validators.Add(result =>
        {
            if (!result.GetValue(all)) result.AddError("kaya forget needs --all; for one host: kaya HOST forget --keep-daily 7 ...");
        });
        command.SetAction(async (parse, _) =>
        {
            using var signals = new Signals();
            var (setup, exitCode) = await FleetSetup.LoadAsync(parse.GetValue(config)!, signals.Token);
            if (setup is null) return exitCode;
            // A host's own keep_* keys replace kaya.conf's as a whole: one file shows all the rules a host gets.
            var policies = setup.Hosts.Where(h => h.Enabled).Select(h => (Host: h, Policy: h.Keep ?? setup.Config.Keep)).Where(p => p.Policy is { IsEmpty: false }).ToList();
            if (policies.Count == 0 && setup.Config.Keep is not { IsEmpty: false } && !setup.Hosts.Any(h => h.Keep is { IsEmpty: false }))
                return FleetSetup.Fail(ForgetCommand.NoKeepRule(null, parse.GetValue(config)!, setup.Config.HostsDir), ExitCodes.Usage);
            var first = ExitCodes.Success;
            foreach (var (host, policy) in policies)
            {
                Console.Out.WriteLine($"{host.Name}: {policy}");
                var request = new ForgetRequest
                {
                    BackupRoot = setup.Config.BackupRoot,
                    Host = host.Name,
                    Policy = policy!,
                    Prune = parse.GetValue(prune),
                    DryRun = parse.GetValue(dryRun),
                    Force = parse.GetValue(force),
                    SkewAlarm = setup.Config.ClockSkewAlarm,
                    Storage = setup.Config.Storage,
                    HistoryDb = setup.Config.HistoryDb,
                };
                var code = await ForgetCommand.RunOneAsync(request, request.DryRun ? null : setup.History, signals.Token);
                if (code == ExitCodes.Interrupted) return code;
                if (first == ExitCodes.Success) first = code;
            }
            return first;
        });
        return command;
    }
}
