using System.CommandLine;
using Kaya.Orchestrator;
using Kaya.Orchestrator.Lifecycle;
using Kaya.Orchestrator.Runs;

namespace Kaya.Cli.Commands;

/// <summary>
/// <c>kaya keys export [HOST...]</c>: the repository passwords as <c>HOST&lt;TAB&gt;PASSWORD</c> lines on standard output,
/// only when it is not a terminal (<see cref="KeyExport"/>); on a terminal, exit 2 and say how to redirect.
/// </summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var config = FleetSetup.ConfigOption();
        var hosts = new Argument<string[]>("HOST") { Description = "only these hosts (default: every host folder of backup_root with a repo-password-keep)", Arity = ArgumentArity.ZeroOrMore };
        var export = new Command("export", "Write each host's repository password as HOST<TAB>PASSWORD lines to standard output, which must be a file or a pipe, not a terminal.")
        {
            config, hosts,
        };
        export.Validators.Add(result =>
        {
            foreach (var h in result.GetValue(hosts) ?? [])
                if (!HostName.IsValid(h)) result.AddError(HostName.Refusal(h));
        });
        export.SetAction(parse =>
        {
            // Checked first: a password must never reach a screen, a terminal's scrollback or a screen recording.
            if (!Console.IsOutputRedirected) return FleetSetup.Fail(KeyExport.TerminalRefusal, ExitCodes.Usage);
            if (HostCommandLine.LoadConfig(parse.GetValue(config)!) is not { } settings) return ExitCodes.Config;
            // An unmounted volume, not "no password to export".
            try { BackupRoot.EnsureExists(settings.BackupRoot); }
            catch (StorageException e) { return FleetSetup.Fail(e.OneLine, e.ExitCode); }
            var result = KeyExport.Read(settings.BackupRoot, parse.GetValue(hosts) ?? []);
            if (result.Failure is { } failure) return FleetSetup.Fail(failure, ExitCodes.Config);
            foreach (var line in result.Lines) Console.Out.Write(line + "\n");
            return ExitCodes.Success;
        });
        return new Command("keys", "The repository passwords: kaya keys export > FILE keeps them safe off the backup host.") { export };
    }
}
