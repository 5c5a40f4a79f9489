using System.CommandLine;
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
        var resticArgs = new Argument<string[]>("RESTIC_ARGS") { Description = "after --: arguments for restic backup on HOST", Arity = ArgumentArity.ZeroOrMore };
        // Hidden: otherwise every subcommand's usage line would begin "kaya <HOST> <ACTION> ...". The root's
        // description spells the form out instead.
        host.Hidden = action.Hidden = resticArgs.Hidden = true;
        root.Description += "\n\nBack up HOST: kaya [-c CONFIG] [-u REMOTE_USER] HOST backup -- RESTIC_ARGS\n" +
            "  RESTIC_ARGS go to 'restic backup' on HOST as they are, e.g. kaya www1.example.com backup -- --one-file-system / /home\n" +
            $"  exit codes: restic's (0 also when restic exits 3), 2 usage, {BackupExitCodes.Config} config, {BackupExitCodes.Transport} SSH/tunnel, {BackupExitCodes.HostBusy} host busy";
        root.Options.Add(config);
        root.Options.Add(user);
        root.Arguments.Add(host);
        root.Arguments.Add(action);
        root.Arguments.Add(resticArgs);
        root.Validators.Add(result =>
        {
            // One message for a bare "kaya" rather than one per missing argument.
            if (result.GetValue(host) is null || result.GetValue(action) is null) result.AddError("usage: kaya [-c CONFIG] [-u REMOTE_USER] HOST backup -- RESTIC_ARGS");
            else if (result.GetValue(action) is { } a && a != "backup") result.AddError($"unknown action \"{a}\" (expected: backup)");
            if (result.GetValue(host) is { } h && !HostName.IsValid(h)) result.AddError($"\"{h}\" is not a host name kaya can use (letters, digits, '.', '-', '_')");
        });

        root.SetAction(async (parse, _) =>
        {
            using var signals = new Signals();
            return await RunAsync(parse.GetValue(config)!, parse.GetValue(host)!, parse.GetValue(user)!, parse.GetValue(resticArgs) ?? [], signals.Token);
        });
    }

    private static async Task<int> RunAsync(string configPath, string host, string user, string[] resticArgs, CancellationToken cancellationToken)
    {
        KayaConfig config;
        try { config = KayaConfigParser.Load(configPath); }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"kaya: {e.Message}");
            return BackupExitCodes.Config;
        }

        using var loggerFactory = LoggerFactory.Create(b => b
            .SetMinimumLevel(LogLevel.Warning)
            .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = null; })
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        var output = new ConsoleBackupOutput(host, prefix: Console.IsOutputRedirected);
        var run = new BackupRun(SshTransports.For(config.SshTransport), output, loggerFactory);
        BackupResult result;
        try
        {
            result = await run.RunAsync(new BackupRequest { Config = config, Host = host, User = user, ResticArgs = resticArgs }, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"kaya: {host}: interrupted; the target's restic is stopped when its SSH session ends");
            return 130;
        }

        if (result.Failure is { } failure) Console.Error.WriteLine($"kaya: {failure}");
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
