using System.CommandLine;
using Kaya.Orchestrator;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Lifecycle;
using Kaya.Orchestrator.Runs;

namespace Kaya.Cli.Commands;

/// <summary>
/// <c>kaya scrub [HOST...] [--rate 50M] [--json]</c>: re-reads and re-hashes every object of each host's
/// repository (<see cref="Scrubber"/>), in backup_root/HOST or in the bucket of kaya.conf's storage=, without the password. One line per finding and a summary per host;
/// each result is recorded in the history. Exit 0 when every repository is clean, 1 otherwise.
/// </summary>
internal static class ScrubCommand
{
    public static Command Create()
    {
        var config = FleetSetup.ConfigOption();
        var rate = new Option<string>("--rate") { Description = "read at most this many bytes per second (50M = 50 MiB/s); default: scrub_rate in kaya.conf", HelpName = "RATE" };
        var json = new Option<bool>("--json") { Description = "print the results as a JSON array, one object per host" };
        var hosts = new Argument<string[]>("HOST") { Description = "only these hosts (default: every host with a repository or a kept password under backup_root; with storage=, its repository in the bucket)", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("scrub", "Find bit rot without the password: re-hash every object of each repository. Exit 0 when all are clean, 1 when anything is wrong.")
        {
            config, rate, json, hosts,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(rate) is { } r && !ByteSize.TryParse(r.EndsWith("/s", StringComparison.Ordinal) ? r[..^2] : r, out _))
                result.AddError($"--rate {r}: expected bytes per second, optionally with K, M, G or T (50M = 50 MiB/s)");
            foreach (var h in result.GetValue(hosts) ?? [])
                if (!HostName.IsValid(h)) result.AddError(HostName.Refusal(h));
        });
        command.SetAction(async (parse, ct) =>
        {
            using var signals = new Signals();
            long? bytesPerSecond = null;
            if (parse.GetValue(rate) is { } r && ByteSize.TryParse(r.EndsWith("/s", StringComparison.Ordinal) ? r[..^2] : r, out var b)) bytesPerSecond = b;
            return await RunAsync(parse.GetValue(config)!, parse.GetValue(hosts) ?? [], bytesPerSecond, parse.GetValue(json), signals.Token);
        });
        return command;
    }

    private static async Task<int> RunAsync(string configPath, string[] only, long? rate, bool json, CancellationToken cancellationToken)
    {
        var (setup, exitCode) = await FleetSetup.LoadAsync(configPath, cancellationToken);
        if (setup is null) return exitCode;
        var backupRoot = setup.Config.BackupRoot;
        var hosts = only.Length > 0 ? [.. only] : Repositories(backupRoot, setup.Hosts.Select(h => h.Name));
        var options = new ScrubOptions { RateBytesPerSecond = rate ?? setup.Config.ScrubRate };
        var results = new List<string>();
        var allClean = true;
        foreach (var host in hosts)
        {
            var repository = ResticRepository.For(setup.Config, host);
            if (!Directory.Exists(repository.Folder)) return FleetSetup.Fail($"{host}: {repository.Folder} does not exist: no repository for this host here", ExitCodes.Config);
            ScrubResult result;
            try { result = await Scrubber.ScrubAsync(repository, options, cancellationToken); }
            catch (IOException e) { return FleetSetup.Fail($"{host}: cannot scrub {repository}: {e.Message}", ExitCodes.Failure); }
            allClean &= result.IsClean;
            try
            {
                await setup.History.RecordScrubAsync(ScrubRecord.From(host, result), CancellationToken.None);
            }
            catch (HistoryException e) { return FleetSetup.Fail(e.Message, ExitCodes.Database); }
            if (json) results.Add(result.ToJson());
            else Print(host, result);
            if (!result.Completed) return ExitCodes.Interrupted;
        }
        if (json) Console.Out.WriteLine("[" + string.Join(",", results) + "]");
        return allClean ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static void Print(string host, ScrubResult result)
    {
        foreach (var f in result.Findings)
            Console.Out.WriteLine($"{host}: {Kind(f.Kind)} {f.Path}: {f.Detail}{(f.Errno is { } errno ? $" (errno {errno})" : "")}");
        var state = !result.Completed ? $"interrupted; the next scrub resumes after {result.ResumeAfter}"
            : result.Findings.Count == 0 ? "clean" : $"{result.Findings.Count} problem{(result.Findings.Count == 1 ? "" : "s")} ({result.CorruptObjects} corrupt)";
        Console.Out.WriteLine($"{host}: {result.ObjectsChecked} objects, {result.BytesRead / (1024.0 * 1024):0.0} MiB re-hashed in {(result.Finished - result.Started).TotalSeconds:0.0} s: {state}");
    }

    private static string Kind(ScrubFindingKind kind) => kind switch
    {
        ScrubFindingKind.Corrupt => "corrupt",
        ScrubFindingKind.Unreadable => "unreadable",
        ScrubFindingKind.Misplaced => "misplaced",
        _ => "missing-config",
    };

    /// <summary>The hosts in hosts.d and every folder under backup_root that holds a repository or its kept password.</summary>
    private static List<string> Repositories(string backupRoot, IEnumerable<string> configured) =>
        [.. configured.Concat(Directory.Exists(backupRoot)
                ? Directory.EnumerateDirectories(backupRoot).Select(Path.GetFileName).OfType<string>()
                    .Where(n => !n.StartsWith('.') && (File.Exists(Path.Combine(backupRoot, n, "config")) || File.Exists(Path.Combine(backupRoot, n, RepositoryPassword.FileName))))
                : [])
            .Where(n => Directory.Exists(Path.Combine(backupRoot, n)))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
