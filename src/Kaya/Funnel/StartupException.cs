using Kaya.Orchestrator;

namespace Kaya.Cli.Funnel;

/// <summary>A command could not start: a listener, a data folder, a certificate. The message says which and why.</summary>
internal sealed class StartupException(string message, Exception? inner = null, string? advice = null) : KayaException(message, inner)
{
    public override bool IsTransient => false;
    public override int ExitCode => ExitCodes.Failure;
    public override string? Advice { get; } = advice;
}
