using Kaya.Server.Repository;
using Kaya.Server.Storage;

namespace Kaya.Orchestrator.Lifecycle;

/// <summary>Picks the arrival ledger a server keeps, and writes one commit to several.</summary>
public static class SnapshotLedgers
{
    /// <summary>
    /// The ledger that lives with the repositories: the fsync'd <c>.kaya-ledger</c> lines beside each repository
    /// folder under <paramref name="dataPath"/> when <paramref name="store"/> is null (the file system store), else
    /// one record per snapshot through the store (<see cref="StoreSnapshotLedger"/>).
    /// </summary>
    public static ISnapshotLedger ForStore(string dataPath, IRepositoryStore? store) => store switch
    {
        null => new FileSnapshotLedger(dataPath),
        FileSystemStore files => new FileSnapshotLedger(files.Layout.Root),
        _ => new StoreSnapshotLedger(store),
    };

    /// <summary>Records in each ledger in turn, the first first; a failure stops there and fails the upload.</summary>
    public static ISnapshotLedger All(params ISnapshotLedger[] ledgers) => ledgers.Length == 1 ? ledgers[0] : new Several(ledgers);

    private sealed class Several(ISnapshotLedger[] ledgers) : ISnapshotLedger
    {
        public async Task RecordAsync(SnapshotCommit commit, CancellationToken cancellationToken)
        {
            foreach (var ledger in ledgers) await ledger.RecordAsync(commit, cancellationToken).ConfigureAwait(false);
        }
    }
}
