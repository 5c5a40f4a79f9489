namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// Arrival times for snapshots without a ledger line (repositories from the Bash original): the mtime of
/// <c>backup_root/HOST/snapshots/ID</c>, written by the server that stored the file, not by the client.
/// </summary>
public static class LegacyArrivals
{
    /// <summary>One record per snapshot file (source <see cref="ArrivalSource.Mtime"/>); none when there is no snapshots/ folder.</summary>
    /// <param name="repositoryFolder">backup_root/HOST</param>
    /// <exception cref="IOException">the folder cannot be listed</exception>
    public static IReadOnlyList<LedgerRecord> Read(string repositoryFolder)
    {
        var folder = Path.Combine(repositoryFolder, "snapshots");
        if (!Directory.Exists(folder)) return [];
        var repository = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(repositoryFolder)));
        return [.. new DirectoryInfo(folder).EnumerateFiles()
            .Where(f => LedgerFile.IsSnapshotId(f.Name))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => new LedgerRecord
            {
                Repository = repository,
                SnapshotId = f.Name,
                Arrival = new DateTimeOffset(f.LastWriteTimeUtc, TimeSpan.Zero),
                Size = f.Length,
                Source = ArrivalSource.Mtime,
            })];
    }
}
