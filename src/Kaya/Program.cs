using System.CommandLine;
using Kaya.Cli.Commands;
using Kaya.Cli.Funnel;

var root = new RootCommand("Kaya: central, server-initiated restic backups over SSH, with an embedded append-only REST server.");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(ConformanceCommand.Create());
root.Subcommands.Add(StatusCommand.Create());
root.Subcommands.Add(CheckConfigCommand.Create());
root.Subcommands.Add(ScrubCommand.Create());
root.Subcommands.Add(ForgetAllCommand.Create());
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(DaemonCommand.Create());
root.Subcommands.Add(KeysCommand.Create());
BackupCommand.Configure(root);

// kaya -c FILE status: the option goes to the command, not to the root, which would drop it.
args = LeadingConfig.Hoist(args, root.Subcommands.ToDictionary(c => c.Name, c => (IReadOnlySet<string>)c.Subcommands.Select(s => s.Name).ToHashSet()));

if (HistoryCommand.TryRun(args) is { } history) return await history;
if (ForgetCommand.Matches(args)) return await ForgetCommand.RunAsync(args);
if (ArrivalsCommand.Matches(args)) return await ArrivalsCommand.RunAsync(args);
if (RestoreToTargetCommand.Matches(args)) return await RestoreToTargetCommand.RunAsync(args);
if (ResticCommand.Matches(args)) return await ResticCommand.RunAsync(args);
return await ErrorFunnel.RunAsync(root, args);
