using System.CommandLine;
using Kaya.Cli.Funnel;
using Kaya.Orchestrator;
using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Fleet;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Lifecycle;
using Kaya.Orchestrator.Monitoring;
using Kaya.Orchestrator.Runs;
using Kaya.Orchestrator.Transport;
using Microsoft.Extensions.Logging;

namespace Kaya.Cli.Commands;

/// <summary><c>kaya [-c CONFIG] [-u REMOTE_USER] HOST backup -- RESTIC_ARGS</c>, as the original took it.</summary>
internal static class BackupCommand
{
    /// <summary>Every word that may follow HOST, for the error on an unknown one.</summary>
    private static readonly string[] Actions = ["backup", RestoreToTargetCommand.Word, "history", "forget", .. ResticPassthrough.Commands];

    /// <summary>Adds the HOST backup form to the root command; <c>serve</c> and <c>conformance</c> stay subcommands.</summary>
    public static void Configure(RootCommand root)
    {
        var config = new Option<string>("--config", "-c") { Description = "config file", HelpName = "CONFIG", DefaultValueFactory = _ => KayaConfig.DefaultPath };
        // No default here: the host's hosts.d user, whose own default is root (the original's).
        var user = new Option<string>("--user", "-u") { Description = "remote user on HOST (default: the host's user in hosts.d, else root)", HelpName = "REMOTE_USER" };
        var host = new Argument<string>("HOST") { Description = "the machine to back up, reached over SSH", Arity = ArgumentArity.ZeroOrOne };
        var action = new Argument<string>("ACTION") { Description = "what to do: backup", Arity = ArgumentArity.ZeroOrOne };
        var debug = new Option<bool>("--debug", "-v") { Description = "show what the run does (connection, tunnel, teardown), and the stack of an unexpected error" };
        var resticArgs = new Argument<string[]>("RESTIC_ARGS") { Description = "after --: arguments for restic backup on HOST (default: the host's restic_args)", Arity = ArgumentArity.ZeroOrMore };
        // Hidden: otherwise every subcommand's usage line would begin "kaya <HOST> <ACTION> ...". The root's
        // description spells the form out instead.
        host.Hidden = action.Hidden = resticArgs.Hidden = true;
        root.Description += "\n\nBack up HOST: kaya [-c CONFIG] [-u REMOTE_USER] HOST backup -- RESTIC_ARGS\n" +
            "  RESTIC_ARGS go to 'restic backup' on HOST as they are, e.g. kaya www1.example.com backup -- --one-file-system / /home\n" +
            $"  exit codes: restic's (0 also when restic exits 3), 2 usage, {ExitCodes.Config} config, {ExitCodes.Transport} SSH/tunnel, {ExitCodes.HostBusy} host busy, " +
            $"{ExitCodes.BackupRootMissing} backup_root missing, {ExitCodes.Unexpected} unexpected error, {ExitCodes.Interrupted} SIGINT, {ExitCodes.Terminated} SIGTERM";
        root.Options.Add(config);
        root.Options.Add(user);
        root.Options.Add(debug);
        root.Arguments.Add(host);
        root.Arguments.Add(action);
        root.Arguments.Add(resticArgs);
        root.Validators.Add(result =>
        {
            // One message for a bare "kaya" rather than one per missing argument.
            // A lone word is more often a mistyped command (kaya stauts) than a host without its action.
            if (result.GetValue(host) is null || result.GetValue(action) is null)
            {
                var command = result.GetValue(host) is { } word ? DidYouMean.Closest(word, root.Subcommands.Select(c => c.Name)) : null;
                result.AddError(command is not null
                    ? $"unknown command '{result.GetValue(host)}' (did you mean '{command}'?)"
                    : "usage: kaya [-c CONFIG] [-u REMOTE_USER] HOST backup -- RESTIC_ARGS");
                return;
            }
            // "kaya history www1": the action first, the host second.
            if (result.GetValue(action) is { } swapped && swapped != "backup" && Actions.Contains(result.GetValue(host)))
            {
                result.AddError($"'{result.GetValue(host)}' is an action, not a host (did you mean 'kaya {swapped} {result.GetValue(host)}'?)");
                return;
            }
            if (result.GetValue(action) is { } a && a != "backup")
                result.AddError($"unknown action \"{a}\" (expected one of: {string.Join(", ", Actions)}){DidYouMean.Hint(a, Actions)}");
            if (result.GetValue(host) is { } h && !HostName.IsValid(h)) result.AddError(HostName.Refusal(h));
        });

        root.SetAction(async (parse, _) =>
        {
            using var signals = new Signals();
            return await RunAsync(parse.GetValue(config)!, parse.GetValue(host)!, parse.GetValue(user), parse.GetValue(resticArgs) ?? [], parse.GetValue(debug), signals);
        });
    }

    private static async Task<int> RunAsync(string configPath, string host, string? user, string[] resticArgs, bool debug, Signals signals)
    {
        var config = KayaConfigParser.Load(configPath);
        var hostConfig = HostsDirectory.LoadHost(config.HostsDir, host) ?? new HostConfig { Name = host, Path = "" };
        IReadOnlyList<string>? args = resticArgs.Length > 0 ? resticArgs : hostConfig.ResticArgs;
        if (args is not { Count: > 0 })
            throw new UsageException($"{host} backup: no restic arguments: say what to back up after --, e.g. kaya {host} backup -- /, or give restic_args in {Path.Combine(config.HostsDir, host + ".conf")}");
        // Checked before the history (under backup_root by default) is opened, which would create the folder.
        BackupRoot.EnsureExists(config.BackupRoot);

        using var loggerFactory = CliLogging.Create(debug);
        var history = await HistoryStore.OpenAsync(config.HistoryDb, signals.Token);
        var monitor = new FleetMonitor(() => config, () => [hostConfig], history, TimeProvider.System, loggerFactory.CreateLogger("Kaya.Cli"));
        var runner = new HostRunner(history, monitor, server: null, loggerFactory, TimeProvider.System);
        var output = new ConsoleBackupOutput(host, prefix: Console.IsOutputRedirected);
        BackupResult result;
        try
        {
            // One host by hand (or from its own cron line) is not retried: retry_backoff is kaya run's, within one invocation.
            (_, result) = await runner.RunAsync(config with { RetryBackoff = [] }, hostConfig, args, user, RunTrigger.Cli, output, signals.Token);
        }
        catch (OperationCanceledException e) when (signals.Token.IsCancellationRequested)
        {
            // The run's own account (how the target's restic ended) when it got that far.
            var what = e.Message.StartsWith(host + ": interrupted", StringComparison.Ordinal) ? e.Message
                : $"{host}: interrupted; the target's restic was asked to stop (it removes its lock) before the tunnel closed";
            Console.Error.WriteLine($"kaya: {what}");
            return signals.StoppedExitCode;
        }

        if (result.Exception is { } failure) ErrorFunnel.Report("kaya", failure, debug);
        else if (result.Failure is { } line) Console.Error.WriteLine($"kaya: {line}");
        if (result.SnapshotId is { } id)
            Console.Error.WriteLine($"kaya: {host}: snapshot {id}, {ByteText.Format(result.BytesAdded)} added, in {result.Duration.TotalSeconds:0.0} s");
        return result.ExitCode;
    }
}
