using Kaya.Orchestrator;
using System.CommandLine;
using System.Text.Json;
using Kaya.Orchestrator.Fleet;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Runs;
using Kaya.Orchestrator.Monitoring;
using Kaya.Web;

namespace Kaya.Cli.Commands;

/// <summary><c>kaya status [--json] [HOST...]</c>: every host's state from the history; exit 0 when all are fine, 1 when any is stale or failing, 20 when a hosts.d file does not read (the others are shown), 2 when a named host is unknown.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var config = FleetSetup.ConfigOption();
        var json = new Option<bool>("--json") { Description = "print JSON (schema: docs/json.md)" };
        var html = new Option<string?>("--html") { Description = "write the status page to FILE (atomically) instead of printing", HelpName = "FILE" };
        var hosts = new Argument<string[]>("HOST") { Description = "only these hosts (default: every host in hosts.d)", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("status", "Show each host's state, last success, last run and next due time. Exit 0 when every enabled host is ok, 1 when any is stale or failing, 20 when a hosts.d file does not read (the others are shown), 2 when a HOST named is unknown.")
        {
            config, json, html, hosts,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(config)!, parse.GetValue(json), parse.GetValue(html), parse.GetValue(hosts) ?? [], TimeProvider.System, ct));
        return command;
    }

    internal static async Task<int> RunAsync(string configPath, bool json, string? html, string[] only, TimeProvider time, CancellationToken cancellationToken)
    {
        var (setup, exitCode) = await FleetSetup.LoadAsync(configPath, cancellationToken, skipBadHostFiles: true);
        if (setup is null) return exitCode;
        // The hosts that read are shown; a bad file is said, not hidden behind a fleet that stops at it.
        foreach (var error in setup.HostFileErrors) Console.Error.WriteLine($"kaya: {error}");
        if (HostsDirectory.Missing(setup.Config.HostsDir) is { } missing) Console.Error.WriteLine($"kaya: note: {missing}");
        IReadOnlyDictionary<string, HostHistory> histories;
        ScrubSummary? lastScrub;
        try
        {
            histories = await setup.History.GetHostHistoriesAsync(cancellationToken);
            lastScrub = FleetScrub.Summarize(await setup.History.GetLastScrubsAsync(cancellationToken));
        }
        catch (HistoryException e) { return FleetSetup.Fail(e.Message, ExitCodes.Database); }

        if (UnknownHosts(setup, histories, only) is { Count: > 0 } unknown)
        {
            foreach (var line in unknown) Console.Error.WriteLine($"kaya: {line}");
            return ExitCodes.Usage;
        }
        var hosts = only.Length > 0 ? only.Select(setup.Host).ToList() : setup.Hosts;
        var snapshot = HistoryFleetSource.Compute(setup.Config, setup.Hosts, hosts, histories, time) with { LastScrub = lastScrub };
        var (statuses, unconfigured) = (snapshot.Hosts, snapshot.UnconfiguredRepositories);
        if (html is not null)
        {
            try { await StaticPage.WriteAsync(html, snapshot, cancellationToken); }
            catch (IOException e) { return FleetSetup.Fail(e.Message, ExitCodes.Failure); }
        }
        else if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(StatusJson.Status(statuses, unconfigured, time.GetUtcNow()), StatusJsonContext.Default.StatusDocument));
        }
        else
        {
            Console.Out.Write(StatusTable.Render(statuses, time));
            if (unconfigured.Count > 0) Console.Out.WriteLine($"\nRepositories in {setup.Config.BackupRoot} without a hosts.d file: {string.Join(", ", unconfigured)}");
        }
        if (setup.HostFileErrors.Count > 0) return FleetSetup.Fail($"status: {setup.HostFileErrors.Count} error(s) in hosts_dir {setup.Config.HostsDir} (above): those hosts are not shown", ExitCodes.Config);
        return statuses.Any(s => s.State.IsProblem() || s.IsStale) ? ExitCodes.Failure : ExitCodes.Success;
    }

    /// <summary>
    /// A line for each named host kaya knows nothing of (no hosts.d file, no run in the history, no folder in
    /// backup_root): a typo, which would otherwise show as a host that never ran, and exit 0.
    /// </summary>
    private static List<string> UnknownHosts(FleetSetup setup, IReadOnlyDictionary<string, HostHistory> histories, string[] only) =>
        [.. only.Distinct(StringComparer.Ordinal).Where(h => !UnknownHost.IsKnown(setup, histories, h)).Select(h => UnknownHost.Refusal("status", h, setup, histories))];
}
