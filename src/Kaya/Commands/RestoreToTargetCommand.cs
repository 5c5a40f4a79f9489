using System.CommandLine;
using Kaya.Cli.Funnel;
using Kaya.Orchestrator;
using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Fleet;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Lifecycle;
using Kaya.Orchestrator.Runs;

namespace Kaya.Cli.Commands;

/// <summary>
/// <c>kaya [-c CONFIG] [-u REMOTE_USER] HOST restore-to-target SNAPSHOT[:PATH] --target DIR [--include PATTERN ...]</c>:
/// the target's own restic restores through the tunnel with read-only credentials (<see cref="RestoreToTarget"/>).
/// Recognised before the main parse, as <see cref="ResticCommand"/> is.
/// </summary>
internal static class RestoreToTargetCommand
{
    public const string Word = "restore-to-target";

    public static bool Matches(string[] args) => ResticCommand.CommandWord(args) == Word;

    public static async Task<int> RunAsync(string[] args)
    {
        var config = FleetSetup.ConfigOption();
        var user = new Option<string>("--user", "-u") { Description = "remote user on HOST (default: the host's user in hosts.d, else root)", HelpName = "REMOTE_USER" };
        var host = new Argument<string>("HOST") { Description = "the machine to restore, reached over SSH; its own repository (backup_root/HOST) is read" };
        var snapshot = new Argument<string>("SNAPSHOT[:PATH]") { Description = "a snapshot id, or latest (the snapshot that arrived last); :PATH restores only PATH (restic's --include PATH)" };
        var target = new Option<string>("--target", "-t") { Description = "the folder on HOST to restore into", HelpName = "DIR", Required = true };
        var include = new Option<string[]>("--include", "-i") { Description = "restore only what matches PATTERN (restic's --include); may be repeated", HelpName = "PATTERN", AllowMultipleArgumentsPerToken = false };
        var debug = new Option<bool>("--debug", "-v") { Description = "show what the run does, and the stack of an unexpected error" };
        var root = new RootCommand("Restore a snapshot of HOST onto HOST itself, by HOST's restic through the SSH tunnel, read-only.")
        {
            config, user, host, new Argument<string>(Word), snapshot, target, include, debug,
        };
        root.Validators.Add(result =>
        {
            if (result.GetValue(host) is { } h && !HostName.IsValid(h)) result.AddError(HostName.Refusal(h));
            if (result.GetValue(snapshot) is { } s && RestoreToTarget.Split(s).Snapshot.Length == 0) result.AddError($"\"{s}\": name a snapshot id or latest before the colon");
        });
        root.SetAction(async (parse, _) =>
        {
            using var signals = new Signals();
            var (id, path) = RestoreToTarget.Split(parse.GetValue(snapshot)!);
            try
            {
                return await RunAsync(parse.GetValue(config)!, parse.GetValue(host)!, parse.GetValue(user), id, parse.GetValue(target)!,
                    [.. parse.GetValue(include) ?? [], .. path is null ? Array.Empty<string>() : [path]], parse.GetValue(debug), signals);
            }
            catch (KayaException e) { return ErrorFunnel.Report("kaya", e, parse.GetValue(debug)); }
        });
        return await HostCommandLine.InvokeAsync(root, args);
    }

    private static async Task<int> RunAsync(string configPath, string host, string? user, string snapshot, string target, string[] includes, bool debug, Signals signals)
    {
        var config = KayaConfigParser.Load(configPath);
        var hostConfig = HostsDirectory.LoadHost(config.HostsDir, host) ?? new HostConfig { Name = host, Path = "" };
        // Checked before the history (under backup_root by default) is opened, which would create the folder.
        BackupRoot.EnsureExists(config.BackupRoot);
        using var loggerFactory = CliLogging.Create(debug);
        var history = await HistoryStore.OpenAsync(config.HistoryDb, signals.Token);
        var request = new RestoreRequest { Config = config, Host = host, User = user ?? hostConfig.User, Snapshot = snapshot, Target = target, Includes = includes };
        var output = new ConsoleBackupOutput(host, prefix: Console.IsOutputRedirected);
        var result = await RestoreToTarget.RunAsync(config, hostConfig, request, history, output, loggerFactory, TimeProvider.System, signals.Token);
        if (signals.Token.IsCancellationRequested && result.Outcome == BackupOutcome.Interrupted)
        {
            Console.Error.WriteLine($"kaya: {result.Failure}");
            return signals.StoppedExitCode;
        }
        if (result.Exception is { } failure) ErrorFunnel.Report("kaya", failure, debug);
        else if (result.Failure is { } line) Console.Error.WriteLine($"kaya: {line}");
        else Console.Error.WriteLine($"kaya: {host}: snapshot {result.SnapshotId[..Math.Min(8, result.SnapshotId.Length)]} restored into {target} on {host} in {result.Duration.TotalSeconds:0.0} s");
        return result.ExitCode;
    }
}
