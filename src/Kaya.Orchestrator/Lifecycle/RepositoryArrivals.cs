namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// Retention's input for one repository folder: restic's snapshot list (from <c>restic snapshots --json</c>)
/// joined with the ledger, and with file mtimes for snapshots the ledger does not know (legacy repositories).
/// </summary>
public static class RepositoryArrivals
{
    /// <param name="repositoryFolder">backup_root/HOST</param>
    /// <exception cref="IOException">the ledger or the snapshots/ folder cannot be read</exception>
    public static async Task<RepositoryArrivalsResult> LoadAsync(string repositoryFolder, IEnumerable<ResticSnapshot> snapshots, CancellationToken cancellationToken)
    {
        var ledger = await LedgerFile.ReadAsync(Path.Combine(repositoryFolder, LedgerFile.FileName), cancellationToken).ConfigureAwait(false);
        var recorded = ledger.Records.Select(r => r.SnapshotId).ToHashSet(StringComparer.Ordinal);
        // The mtimes the ledger lacks: what the first sight of a legacy repository writes into the ledger.
        var legacy = LegacyArrivals.Read(repositoryFolder).Where(r => !recorded.Contains(r.SnapshotId)).ToList();
        var joined = ArrivalTimes.Join(snapshots, ArrivalTimes.Resolve(ledger.Records.Concat(legacy)), out var unknown);
        return new RepositoryArrivalsResult(joined, legacy, unknown, ledger.Problems)
        {
            LegacyRecords = [.. ledger.Records.Where(r => r.Source == ArrivalSource.Mtime).Concat(legacy)],
        };
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
