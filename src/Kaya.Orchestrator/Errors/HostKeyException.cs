namespace Kaya.Orchestrator;

/// <summary>The target's host key is unknown or does not match known_hosts: nothing was run.</summary>
public sealed class HostKeyException(string message) : KayaException(message)
{
    public override bool IsTransient => false;
    public override int ExitCode => ExitCodes.Transport;
}
