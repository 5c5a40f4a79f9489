using Kaya.Server.Repository;

namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// The arrival ledger of the file system store: each committed snapshot becomes one fsync'd line in
/// <c>DataPath/REPOSITORY/.kaya-ledger</c>, next to the repository it describes, so a copied repository
/// carries its ledger along. A dot-name: the REST protocol never serves or lists it (PATH-9).
/// </summary>
/// <param name="dataPath">the server's data path (backup_root for orchestrated runs)</param>
public sealed class FileSnapshotLedger(string dataPath) : ISnapshotLedger
{
    /// <inheritdoc />
    public Task RecordAsync(SnapshotCommit commit, CancellationToken cancellationToken)
    {
        var folder = Path.Combine([dataPath, .. commit.Repository.Folders]);
        return LedgerFile.AppendAsync(Path.Combine(folder, LedgerFile.FileName), LedgerRecord.From(commit), cancellationToken);
    }
}
