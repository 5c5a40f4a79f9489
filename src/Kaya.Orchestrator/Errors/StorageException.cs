namespace Kaya.Orchestrator;

/// <summary>The backup root or a host's folder cannot be used (permissions, a broken password file).</summary>
public class StorageException(string message, Exception? inner = null) : KayaException(message, inner)
{
    public override bool IsTransient => false;
    public override int ExitCode => ExitCodes.Config;
}
