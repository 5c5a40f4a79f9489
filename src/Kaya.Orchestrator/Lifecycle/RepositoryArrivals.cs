using Kaya.Orchestrator.History;

namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// Retention's input for one repository: restic's snapshot list (from <c>restic snapshots --json</c>) joined with
/// the ledger, and with file mtimes for snapshots the ledger does not know (legacy repositories). A repository in a
/// bucket has no ledger file to read there and no mtimes: its arrivals are the history's <c>ledger</c> table rows
/// (every orchestrated run writes one per snapshot), merged with a ledger file under backup_root/HOST if one is there.
/// </summary>
public static class RepositoryArrivals
{
    /// <param name="history">for a repository in a bucket: the history to read; null: the one at <see cref="ResticRepository.HistoryDb"/>, if any</param>
    /// <exception cref="IOException">the ledger or the snapshots/ folder cannot be read, or the history failed (a <see cref="HistoryException"/> inside)</exception>
    public static async Task<RepositoryArrivalsResult> LoadAsync(ResticRepository repository, IEnumerable<ResticSnapshot> snapshots, CancellationToken cancellationToken,
        HistoryStore? history = null)
    {
        var ledger = await LedgerFile.ReadAsync(Path.Combine(repository.Folder, LedgerFile.FileName), cancellationToken).ConfigureAwait(false);
        var rows = repository.InBucket ? await HistoryRowsAsync(repository, history, cancellationToken).ConfigureAwait(false) : [];
        var records = ledger.Records.Concat(rows).ToList();
        var recorded = records.Select(r => r.SnapshotId).ToHashSet(StringComparer.Ordinal);
        // The mtimes the ledger lacks: what the first sight of a legacy repository writes into the ledger.
        List<LedgerRecord> legacy = repository.InBucket ? [] : [.. LegacyArrivals.Read(repository.Folder).Where(r => !recorded.Contains(r.SnapshotId))];
        var joined = ArrivalTimes.Join(snapshots, ArrivalTimes.Resolve(records.Concat(legacy)), out var unknown);
        return new RepositoryArrivalsResult(joined, legacy, unknown, ledger.Problems)
        {
            LegacyRecords = [.. ledger.Records.Where(r => r.Source == ArrivalSource.Mtime).Concat(legacy)],
        };
    }

    private static async Task<IReadOnlyList<LedgerRecord>> HistoryRowsAsync(ResticRepository repository, HistoryStore? history, CancellationToken cancellationToken)
    {
        try
        {
            history ??= repository.HistoryDb is { } path ? await HistoryStore.OpenAsync(path, cancellationToken).ConfigureAwait(false) : null;
            // Rows are keyed by the HOST, as orchestrated runs record them (LedgerRecord.From).
            return history is null ? [] : await history.ListArrivalsAsync(repository.Host, cancellationToken).ConfigureAwait(false);
        }
        catch (HistoryException e) { throw new IOException($"cannot read the arrival times of {repository} from the history: {e.Message}", e); }
    }
}

/// <param name="Snapshots">each listed snapshot with its arrival</param>
/// <param name="NewLegacyRecords">mtime-dated records not yet in the ledger: append them so the times survive a later copy</param>
/// <param name="Unknown">snapshot ids with no arrival at all (never removed)</param>
/// <param name="LedgerProblems">ledger lines that could not be read</param>
public sealed record RepositoryArrivalsResult(IReadOnlyList<SnapshotArrival> Snapshots, IReadOnlyList<LedgerRecord> NewLegacyRecords, IReadOnlyList<string> Unknown, IReadOnlyList<string> LedgerProblems)
{
    /// <summary>Every mtime-dated record, in the ledger already or new: what the history's ledger table must hold too.</summary>
    public IReadOnlyList<LedgerRecord> LegacyRecords { get; init; } = [];
}
