using Kaya.Orchestrator.Runs;

namespace Kaya.Cli.Commands;

/// <summary>Lines to kaya's own stdout and stderr, as they come.</summary>
internal sealed class ConsoleLines : IBackupOutput
{
    public void Out(string line) => Console.Out.WriteLine(line);
    public void Error(string line) => Console.Error.WriteLine(line);
}
