using System.CommandLine;
using Kaya.Cli.Funnel;
using Kaya.Orchestrator;
using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Runs;
using Kaya.Orchestrator.Transport;
using Microsoft.Extensions.Logging;

namespace Kaya.Cli.Commands;

/// <summary><c>kaya [-c CONFIG] [-u REMOTE_USER] HOST backup -- RESTIC_ARGS</c>, as the original took it.</summary>
internal static class BackupCommand
{
    /// <summary>Adds the HOST backup form to the root command; <c>serve</c> and <c>conformance</c> stay subcommands.</summary>
    public static void Configure(RootCommand root)
    {
        var config = new Option<string>("--config", "-c") { Description = "config file", HelpName = "CONFIG", DefaultValueFactory = _ => KayaConfig.DefaultPath };
        // root: the original's default, since a full-system backup needs to read everything.
        var user = new Option<string>("--user", "-u") { Description = "remote user on HOST", HelpName = "REMOTE_USER", DefaultValueFactory = _ => "root" };
        var host = new Argument<string>("HOST") { Description = "the machine to back up, reached over SSH", Arity = ArgumentArity.ZeroOrOne };
        var action = new Argument<string>("ACTION") { Description = "what to do: backup", Arity = ArgumentArity.ZeroOrOne };
        var debug = new Option<bool>("--debug", "-v") { Description = "show what the run does (connection, tunnel, teardown), and the stack of an unexpected error" };
        var resticArgs = new Argument<string[]>("RESTIC_ARGS") { Description = "after --: arguments for restic backup on HOST", Arity = ArgumentArity.ZeroOrMore };
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
            if (result.GetValue(host) is null || result.GetValue(action) is null) result.AddError("usage: kaya [-c CONFIG] [-u REMOTE_USER] HOST backup -- RESTIC_ARGS");
            else if (result.GetValue(action) is { } a && a != "backup") result.AddError($"unknown action \"{a}\" (expected: backup)");
            else if (result.GetValue(resticArgs) is not { Length: > 0 })
                result.AddError($"{result.GetValue(host)} backup: no restic arguments: say what to back up after --, e.g. kaya {result.GetValue(host)} backup -- /");
            if (result.GetValue(host) is { } h && !HostName.IsValid(h)) result.AddError($"\"{h}\" is not a host name kaya can use (letters, digits, '.', '-', '_')");
        });

        root.SetAction(async (parse, _) =>
        {
            using var signals = new Signals();
            var request = new BackupRequest
            {
                Config = KayaConfigParser.Load(parse.GetValue(config)!),
                Host = parse.GetValue(host)!,
                User = parse.GetValue(user)!,
                ResticArgs = parse.GetValue(resticArgs) ?? [],
            };
            return await RunAsync(request, parse.GetValue(debug), signals);
        });
    }

    private static async Task<int> RunAsync(BackupRequest request, bool debug, Signals signals)
    {
        var host = request.Host;
        using var loggerFactory = LoggerFactory.Create(b => b
            .SetMinimumLevel(debug ? LogLevel.Debug : LogLevel.Warning)
            // The embedded server's hosting messages are noise even under --debug; its warnings still show.
            .AddFilter("Microsoft", debug ? LogLevel.Warning : LogLevel.Error)
            .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = null; })
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        var output = new ConsoleBackupOutput(host, prefix: Console.IsOutputRedirected);
        var run = new BackupRun(SshTransports.For(request.Config.SshTransport, loggerFactory), output, loggerFactory);
        // On SIGTERM or SIGINT the run asks the target's restic to stop and waits for it (the tunnel up), then ends.
        var result = await run.RunAsync(request, signals.Token);
        if (result.Outcome == BackupOutcome.Interrupted)
        {
            Console.Error.WriteLine($"kaya: {result.Failure}");
            return signals.StoppedExitCode;
        }

        if (result.Exception is { } failure) ErrorFunnel.Report("kaya", failure, debug);
        else if (result.Failure is { } line) Console.Error.WriteLine($"kaya: {line}");
        if (result.SnapshotId is { } id)
            Console.Error.WriteLine($"kaya: {host}: snapshot {id}, {FormatBytes(result.BytesAdded)} added, in {result.Duration.TotalSeconds:0.0} s");
        return result.ExitCode;
    }

    private static string FormatBytes(long? bytes) => bytes switch
    {
        null => "? bytes",
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.0} MiB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.00} GiB",
    };

    /// <summary>restic's lines, prefixed with the host when stdout is a log rather than a terminal.</summary>
    private sealed class ConsoleBackupOutput(string host, bool prefix) : IBackupOutput
    {
        private readonly string _prefix = prefix ? host + ": " : "";
        public void Out(string line) => Console.Out.WriteLine(_prefix + line);
        public void Error(string line) => Console.Error.WriteLine(_prefix + line);
    }
}
