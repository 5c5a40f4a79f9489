namespace Kaya.Orchestrator.History;

/// <summary>The history database cannot be opened, migrated or written; the message names its path.</summary>
public sealed class HistoryException(string message, Exception? inner = null) : KayaException(message, inner)
{
    public override bool IsTransient => false;
    public override int ExitCode => ExitCodes.Database;
}
