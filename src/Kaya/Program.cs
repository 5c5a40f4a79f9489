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

if (HistoryCommand.TryRun(args) is { } history) return await history;
if (ForgetCommand.Matches(args)) return await ForgetCommand.RunAsync(args);
if (ArrivalsCommand.Matches(args)) return await ArrivalsCommand.RunAsync(args);
if (RestoreToTargetCommand.Matches(args)) return await RestoreToTargetCommand.RunAsync(args);
if (ResticCommand.Matches(args)) return await ResticCommand.RunAsync(args);
return await ErrorFunnel.RunAsync(root, args);
