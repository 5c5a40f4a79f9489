using System.CommandLine;
using Kaya.Orchestrator;
using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Lifecycle;
using Kaya.Orchestrator.Runs;

namespace Kaya.Cli.Commands;

/// <summary>
/// <c>kaya [-c CONFIG] HOST snapshots|ls|find|stats|check|diff|mount|restore|unlock [-- RESTIC_ARGS]</c>: the
/// backup host's restic on HOST's repository with its kept password. A form of its own beside
/// <c>HOST backup</c>, recognised before the main parse so the backup form's parser stays as it is.
/// </summary>
internal static class ResticCommand
{
    /// <summary>True when <paramref name="args"/> name a host and one of the local restic commands.</summary>
    public static bool Matches(string[] args) => CommandWord(args) is { } word && ResticPassthrough.Commands.Contains(word);

    /// <summary>The word after HOST in <c>kaya [OPTIONS] HOST COMMAND ...</c>, or null when there is none.</summary>
    public static string? CommandWord(string[] args)
    {
        var i = 0;
        while (i < args.Length && args[i].StartsWith('-'))
            i += args[i] is "-c" or "--config" or "-u" or "--user" ? 2 : 1; // --force and the like take no value
        return i + 1 < args.Length && !args[i].StartsWith('-') ? args[i + 1] : null;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var config = new Option<string>("--config", "-c") { Description = "config file", HelpName = "CONFIG", DefaultValueFactory = _ => KayaConfig.DefaultPath };
        // Accepted so that a HOST's usual options can stay on the line; the local restic has no remote user.
        var user = new Option<string>("--user", "-u") { Description = "ignored: the command runs on the backup host", Hidden = true };
        var force = new Option<bool>("--force") { Description = "restore into / or into a folder that is not empty" };
        var host = new Argument<string>("HOST") { Description = "the host whose repository (backup_root/HOST) to open" };
        var command = new Argument<string>("COMMAND") { Description = string.Join("|", ResticPassthrough.Commands) };
        var resticArgs = new Argument<string[]>("RESTIC_ARGS") { Description = "after --: passed to restic as they are", Arity = ArgumentArity.ZeroOrMore };
        var root = new RootCommand("Run the backup host's restic on HOST's repository with its kept password.") { config, user, force, host, command, resticArgs };
        root.Validators.Add(result =>
        {
            if (result.GetValue(host) is { } h && !HostName.IsValid(h)) result.AddError(HostName.Refusal(h));
        });
        root.SetAction(async (parse, _) =>
        {
            using var signals = new Signals();
            return await RunAsync(parse.GetValue(config)!, parse.GetValue(host)!, parse.GetValue(command)!, parse.GetValue(resticArgs) ?? [], parse.GetValue(force), signals.Token);
        });

        return await HostCommandLine.InvokeAsync(root, args, ResticForm(args));
    }

    /// <summary>
    /// <c>kaya HOST restore -- latest --target X</c> for <c>kaya HOST restore latest --target X</c>: the words after the
    /// command moved after --, kaya's own --force kept before it. Null when there is no command word.
    /// </summary>
    private static string? ResticForm(string[] args)
    {
        var word = CommandWord(args);
        var at = word is null ? -1 : Array.IndexOf(args, word, 1);
        if (at < 1) return null;
        var rest = args[(at + 1)..].Where(a => a is not ("--" or "--force")).ToList();
        var force = args.Contains("--force") ? " --force" : "";
        return $"kaya {args[at - 1]} {word}{force} -- {string.Join(' ', rest)}";
    }

    private static async Task<int> RunAsync(string configPath, string host, string command, string[] resticArgs, bool force, CancellationToken cancellationToken)
    {
        KayaConfig config;
        try { config = KayaConfigParser.Load(configPath); }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"kaya: {e.Message}");
            return ExitCodes.Config;
        }
        // Before the password file is looked for: an unmounted volume is the cause, not a lost password (also for storage=s3, whose passwords live there too).
        try { BackupRoot.EnsureExists(config.BackupRoot); }
        catch (StorageException e) { return FleetSetup.Fail(e.OneLine, e.ExitCode); }
        try
        {
            var result = await ResticPassthrough.RunAsync(ResticRepository.For(config, host), command, resticArgs, output: null, cancellationToken, force: force, skewAlarm: config.ClockSkewAlarm);
            // No repository for a mistyped host: the known host it most likely meant.
            var hint = result.Failure is not null && !Directory.Exists(Path.Combine(config.BackupRoot, host)) ? UnknownHost.Hint(host, config) : "";
            if (result.Failure is { } failure) Console.Error.WriteLine($"kaya: {failure}{hint}");
            return result.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
    }
}
