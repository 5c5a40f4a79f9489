using System.CommandLine;
using Kaya.Cli;
using Kaya.Cli.Commands;

var root = new RootCommand("Kaya: central, server-initiated restic backups over SSH, with an embedded append-only REST server.");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(ConformanceCommand.Create());
root.Subcommands.Add(StatusCommand.Create());
root.Subcommands.Add(CheckConfigCommand.Create());
BackupCommand.Configure(root);

if (HistoryCommand.TryRun(args) is { } history) return await history;
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors) Console.Error.WriteLine($"kaya: {error.Message}");
    Console.Error.WriteLine("Try 'kaya --help'.");
    return ExitCodes.Usage;
}
return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
