namespace Kaya.Orchestrator;

/// <summary>SSH could not connect, authenticate, forward the port, or the connection dropped.</summary>
/// <param name="isTransient">False when a person must act first (a refused key, a missing ssh binary).</param>
public sealed class TransportException(string message, bool isTransient = true, Exception? inner = null) : KayaException(message, inner)
{
    public override bool IsTransient { get; } = isTransient;
    public override int ExitCode => ExitCodes.Transport;
}
