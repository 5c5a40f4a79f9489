using Kaya.Orchestrator;
using System.CommandLine;
using System.Text.Json;
using Kaya.Orchestrator.Fleet;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Monitoring;
using Kaya.Orchestrator.Runs;

namespace Kaya.Cli.Commands;

/// <summary>
/// <c>kaya [-c CONFIG] HOST history [--limit N] [--json] [--log RUN]</c>: a host's recent runs, or one run's restic output.
/// HOST comes first, as in <c>kaya HOST backup</c>, so this form is recognised before the root parser sees it.
/// </summary>
internal static class HistoryCommand
{
    /// <summary>Runs the command when <paramref name="args"/> are <c>[-c CONFIG] HOST history ...</c>; null otherwise.</summary>
    public static Task<int>? TryRun(string[] args)
    {
        var rest = new List<string>();
        string? host = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "-c" or "--config" && i + 1 < args.Length) { rest.Add(args[i]); rest.Add(args[++i]); continue; }
            // The backup form's remote user means nothing to history, but must not be taken for HOST.
            if (args[i] is "-u" or "--user" && i + 1 < args.Length) { i++; continue; }
            if (args[i].StartsWith('-')) { rest.Add(args[i]); continue; }
            if (host is null)
            {
                // A command's own arguments are never a history request (kaya serve --path history).
                if (HostConfig.ReservedNames.Contains(args[i])) return null;
                host = args[i];
                continue;
            }
            if (args[i] != "history" || args.Take(i).Contains("--")) return null;
            return RunParsedAsync(host, [.. rest, .. args[(i + 1)..]]);
        }
        return null;
    }

    private static async Task<int> RunParsedAsync(string host, string[] args)
    {
        var config = FleetSetup.ConfigOption();
        // 20: enough for a few weeks of nightly runs on one screen.
        var limit = WholeNumberOption.Int("--limit", minimum: 1);
        limit.Description = "at most N runs, newest first (default 20)";
        limit.HelpName = "N";
        var json = new Option<bool>("--json") { Description = "print JSON (schema: docs/json.md)" };
        var log = WholeNumberOption.Long("--log", minimum: 1);
        log.Description = "print restic's output of run RUN instead";
        log.HelpName = "RUN";
        var command = new RootCommand($"Show {host}'s recent runs: kaya [-c CONFIG] HOST history [--limit N] [--json] [--log RUN]") { config, limit, json, log };
        command.Validators.Add(r =>
        {
            if (!HostName.IsValid(host)) r.AddError(HostName.Refusal(host));
        });
        command.SetAction((parse, ct) => ShowAsync(parse.GetValue(config)!, host, parse.GetValue(limit) ?? 20, parse.GetValue(json), parse.GetValue(log), ct));
        return await HostCommandLine.InvokeAsync(command, args);
    }

    private static async Task<int> ShowAsync(string configPath, string host, int limit, bool json, long? logRun, CancellationToken cancellationToken)
    {
        if (limit < 1) return FleetSetup.Fail("--limit must be at least 1", ExitCodes.Usage);
        var (setup, exitCode) = await FleetSetup.LoadAsync(configPath, cancellationToken);
        if (setup is null) return exitCode;
        try
        {
            if (logRun is { } id)
            {
                var run = await setup.History.GetRunAsync(id, cancellationToken);
                if (run is null || run.Host != host) return FleetSetup.Fail($"{host}: no run {id} in {setup.History.Path}; 'kaya {host} history' lists the runs", ExitCodes.Usage);
                Console.Out.Write(await setup.History.GetLogAsync(id, cancellationToken) ?? "");
                return ExitCodes.Success;
            }
            var runs = await setup.History.ListRunsAsync(host, limit, cancellationToken);
            // A typo would otherwise read as a host that never ran, and exit 0.
            if (runs.Count == 0 && await setup.History.GetHostHistoriesAsync(cancellationToken) is var histories && !UnknownHost.IsKnown(setup, histories, host))
                return FleetSetup.Fail(UnknownHost.Refusal("history", host, setup, histories), ExitCodes.Usage);
            if (json) Console.Out.WriteLine(JsonSerializer.Serialize(StatusJson.History(host, runs), StatusJsonContext.Default.HistoryDocument));
            else if (runs.Count == 0) Console.Out.WriteLine($"{host}: no runs recorded in {setup.History.Path}");
            else Console.Out.Write(StatusTable.RenderRuns(runs, TimeProvider.System));
            return ExitCodes.Success;
        }
        catch (HistoryException e) { return FleetSetup.Fail(e.Message, ExitCodes.Database); }
    }

}
