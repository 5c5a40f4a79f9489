using System.CommandLine;
using Kaya.Orchestrator;
using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Fleet;
using Kaya.Orchestrator.Runs;

namespace Kaya.Cli.Commands;

/// <summary>
/// <c>kaya check-config</c>: validates kaya.conf and every hosts.d file as <c>sshd -t</c> does: every error as
/// file:line and 20, else one line saying what was read and 0. Notes (a missing hosts_dir, a file that is not
/// HOST.conf) do not change the exit code.
/// </summary>
internal static class CheckConfigCommand
{
    public static Command Create()
    {
        var config = FleetSetup.ConfigOption();
        var command = new Command("check-config", $"Check kaya.conf and the hosts.d files; print each error as file:line and exit {ExitCodes.Config}, else exit 0.") { config };
        command.SetAction(parse => Check(parse.GetValue(config)!));
        return command;
    }

    private static int Check(string path)
    {
        // Every error of every file, not only the first: one round of edits fixes them all.
        var errors = new List<string>();
        var config = KayaConfigParser.Check(path, errors);
        var hosts = config is null ? null : HostsDirectory.Read(config.HostsDir);
        if (config is not null && hosts is not null)
        {
            errors.AddRange(hosts.Errors);
            errors.AddRange(SshFiles.Problems(path, config, hosts.Hosts));
            // Notes only: a single host backed up by `kaya HOST backup` from cron needs no hosts.d.
            if (HostsDirectory.Missing(config.HostsDir) is { } missing) Console.Error.WriteLine($"kaya: note: {missing}");
            foreach (var file in hosts.Ignored)
                Console.Error.WriteLine($"kaya: note: {file}: ignored: a host's file is named HOST{HostConfigParser.Suffix}");
        }
        foreach (var error in errors) Console.Error.WriteLine($"kaya: {error}");
        if (errors.Count > 0) return ExitCodes.Config;
        // The config is valid; a backup_root that is missing (an unmounted volume) would still stop every run.
        try { BackupRoot.EnsureExists(config!.BackupRoot); }
        catch (StorageException e) { return FleetSetup.Fail(e.OneLine, e.ExitCode); }
        var count = hosts!.Hosts.Count;
        Console.Error.WriteLine($"kaya: check-config: {path} and {count} host file{(count == 1 ? "" : "s")} read without error");
        return ExitCodes.Success;
    }
}
