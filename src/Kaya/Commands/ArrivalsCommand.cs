using System.CommandLine;
using Kaya.Orchestrator;
using Kaya.Orchestrator.Lifecycle;

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
        var root = new RootCommand("List HOST's snapshots with the times they arrived on the backup host.");
        var (config, _, host) = HostCommandLine.Add(root, "the host whose repository (backup_root/HOST) to list");
        root.Add(new Argument<string>("snapshots"));
        root.Add(new Option<bool>("--arrival") { Description = "show arrival times beside the client's times" });
        root.SetAction(async (parse, _) =>
        {
            using var signals = new Signals();
            if (HostCommandLine.LoadConfig(parse.GetValue(config)!) is not { } settings) return ExitCodes.Config;
            var name = parse.GetValue(host)!;
            try
            {
                var repository = ResticRepository.For(settings, name);
                var listing = await ArrivalForget.ListAsync(repository, resticPath: null, signals.Token);
                if (listing.Failure is { } failure)
                {
                    Console.Error.WriteLine($"kaya: {failure}");
                    return listing.ExitCode;
                }
                var output = new ConsoleLines();
                // Reading changes nothing: the ledger learns legacy mtimes only when retention runs.
                var arrivals = await ArrivalForget.LoadArrivalsAsync(repository, listing.Snapshots, write: false, output, signals.Token);
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
