using System.Text;
using Kaya.Server.Repository;
using Kaya.Server.Storage;

namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// The arrival ledger of a store that cannot append (an S3 bucket): one immutable record per snapshot, written
/// through the store as <c>REPOSITORY/.kaya-ledger.d/SNAPSHOT.json</c> (a <see cref="LedgerRecord"/> as JSON), so
/// the ledger travels with the repository as the file store's <c>.kaya-ledger</c> does. A dot-name: the REST
/// protocol never lists or serves it (PATH-9). Not <c>.kaya-ledger/</c>: that is the file store's ledger file,
/// and a repository copied between a bucket and a folder must not hold a file and a folder of one name.
/// </summary>
public sealed class StoreSnapshotLedger(IRepositoryStore store) : ISnapshotLedger
{
    /// <summary>The folder of the records, in the repository.</summary>
    public const string FolderName = ".kaya-ledger.d";

    /// <summary>The private object name of a snapshot's record.</summary>
    public static string NameOf(string snapshotId) => $"{FolderName}/{snapshotId}.json";

    /// <inheritdoc />
    /// <remarks>Write-once: when a record of the snapshot exists, the first arrival stands and this changes nothing.</remarks>
    public async Task RecordAsync(SnapshotCommit commit, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(LedgerFile.Format(LedgerRecord.From(commit)) + "\n");
        await store.WritePrivateAsync(commit.Repository, NameOf(commit.Snapshot.Value), bytes, cancellationToken).ConfigureAwait(false);
    }
}
