using Kaya.Orchestrator.Lifecycle;
using Kaya.Server.Repository;

namespace Kaya.Orchestrator.History;

/// <summary>The arrival ledger's row in the history database (<c>ledger</c> table), beside the record kept with the repository.</summary>
public sealed class HistorySnapshotLedger(HistoryStore history) : ISnapshotLedger
{
    /// <inheritdoc />
    /// <exception cref="IOException">the history failed (a <see cref="HistoryException"/> as its inner exception), so the upload answers 500</exception>
    public async Task RecordAsync(SnapshotCommit commit, CancellationToken cancellationToken)
    {
        try
        {
            await history.RecordArrivalAsync(LedgerRecord.From(commit), cancellationToken).ConfigureAwait(false);
        }
        catch (HistoryException e)
        {
            throw new IOException(e.Message, e);
        }
    }
}
