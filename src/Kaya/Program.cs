using System.CommandLine;
using Kaya.Cli;
using Kaya.Cli.Commands;

if (ResticCommand.Matches(args)) return await ResticCommand.RunAsync(args);

var root = new RootCommand("Kaya: central, server-initiated restic backups over SSH, with an embedded append-only REST server.");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(ConformanceCommand.Create());
BackupCommand.Configure(root);

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors) Console.Error.WriteLine($"kaya: {error.Message}");
    Console.Error.WriteLine("Try 'kaya --help'.");
    return ExitCodes.Usage;
}
return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
