using System.CommandLine;
using Kaya.Orchestrator;
using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Fleet;
using Kaya.Orchestrator.Runs;

namespace Kaya.Cli.Commands;

/// <summary><c>kaya check-config</c>: validates kaya.conf and every hosts.d file as <c>sshd -t</c> does: silent and 0, or every error as file:line and 20.</summary>
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
        if (config is not null) errors.AddRange(HostsDirectory.Read(config.HostsDir).Errors);
        foreach (var error in errors) Console.Error.WriteLine($"kaya: {error}");
        if (errors.Count > 0) return ExitCodes.Config;
        // The config is valid; a backup_root that is missing (an unmounted volume) would still stop every run.
        try { BackupRoot.EnsureExists(config!.BackupRoot); }
        catch (StorageException e) { return FleetSetup.Fail(e.OneLine, e.ExitCode); }
        return ExitCodes.Success;
    }
}
