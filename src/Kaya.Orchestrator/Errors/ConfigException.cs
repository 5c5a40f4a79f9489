namespace Kaya.Orchestrator;

/// <summary>A bad or unreadable config file; the message names the file and line.</summary>
public sealed class ConfigException(string message) : KayaException(message)
{
    public override bool IsTransient => false;
    public override int ExitCode => ExitCodes.Config;
}
