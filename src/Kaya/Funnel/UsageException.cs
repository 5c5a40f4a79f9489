using Kaya.Orchestrator;

namespace Kaya.Cli.Funnel;

/// <summary>A command line kaya cannot use; the funnel adds "Try 'kaya ... --help'." after the message.</summary>
internal sealed class UsageException(string message) : KayaException(message)
{
    public override bool IsTransient => false;
    public override int ExitCode => ExitCodes.Usage;
}
