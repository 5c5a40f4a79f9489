namespace Kaya.Orchestrator;

/// <summary>Another run holds the lock for this host.</summary>
public sealed class HostBusyException(string message) : KayaException(message)
{
    public override bool IsTransient => true;
    public override int ExitCode => ExitCodes.HostBusy;
}
