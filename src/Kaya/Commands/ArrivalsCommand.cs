using System.CommandLine;
using Kaya.Orchestrator;
using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Lifecycle;
using Kaya.Orchestrator.Runs;

namespace Kaya.Cli.Commands;

/// <summary>
/// <c>kaya [-c CONFIG] HOST snapshots --arrival</c>: each snapshot's claimed (client) time beside the time
/// the backup host saw it arrive, the source of that time (ledger or mtime), and "!" where they differ by
/// more than <c>clock_skew_alarm</c>. Plain <c>HOST snapshots</c> stays restic's own (<see cref="ResticCommand"/>).
/// </summary>
internal static class ArrivalsCommand
{
    public static bool Matches(string[] args)
    {
        var end = Array.IndexOf(args, "--");
        return ResticCommand.CommandWord(args) == "snapshots" && args.Take(end < 0 ? args.Length : end).Contains("--arrival");
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var config = new Option<string>("--config", "-c") { Description = "config file", HelpName = "CONFIG", DefaultValueFactory = _ => KayaConfig.DefaultPath };
        var user = new Option<string>("--user", "-u") { Description = "ignored: the command runs on the backup host", Hidden = true };
        var host = new Argument<string>("HOST") { Description = "the host whose repository (backup_root/HOST) to list" };
        var command = new Argument<string>("snapshots");
        var arrival = new Option<bool>("--arrival") { Description = "show arrival times beside the client's times" };
        var root = new RootCommand("List HOST's snapshots with the times they arrived on the backup host.") { config, user, host, command, arrival };
        root.Validators.Add(result =>
        {
            if (result.GetValue(host) is { } h && !HostName.IsValid(h)) result.AddError($"\"{h}\" is not a host name kaya can use (letters, digits, '.', '-', '_')");
        });
        root.SetAction(async (parse, _) =>
        {
            using var signals = new Signals();
            KayaConfig settings;
            try { settings = KayaConfigParser.Load(parse.GetValue(config)!); }
            catch (ConfigException e)
            {
                Console.Error.WriteLine($"kaya: {e.Message}");
                return ExitCodes.Config;
            }
            var name = parse.GetValue(host)!;
            try
            {
                var listing = await ArrivalForget.ListAsync(settings.BackupRoot, name, resticPath: null, signals.Token);
                if (listing.Failure is { } failure)
                {
                    Console.Error.WriteLine($"kaya: {failure}");
                    return listing.ExitCode;
                }
                var output = new ConsoleLines();
                // Reading changes nothing: the ledger learns legacy mtimes only when retention runs.
                var arrivals = await ArrivalForget.LoadArrivalsAsync(Path.Combine(settings.BackupRoot, name), listing.Snapshots, write: false, output, signals.Token);
                Console.Out.Write(RetentionTable.Arrivals(arrivals.Snapshots, TimeZoneInfo.Local, settings.ClockSkewAlarm));
                return ExitCodes.Success;
            }
            catch (OperationCanceledException) { return ExitCodes.Interrupted; }
            catch (IOException e)
            {
                Console.Error.WriteLine($"kaya: {name}: {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return await HostCommandLine.InvokeAsync(root, args);
    }
}
