using Kaya.Server.Repository;

namespace Kaya.Server.Hosting;

/// <summary>
/// Told of every snapshot object the server commits, before the upload is answered 200, so that the
/// backup host, not the client, knows when each snapshot arrived (issue 10, the arrival ledger).
/// </summary>
public interface ISnapshotLedger
{
    /// <summary>
    /// Records one committed snapshot durably. An exception makes the upload answer 500 (the object stays
    /// stored: retention then falls back to its file's mtime, also a time the server wrote).
    /// </summary>
    /// <exception cref="IOException">the record could not be made durable</exception>
    Task RecordAsync(SnapshotCommit commit, CancellationToken cancellationToken);
}

/// <param name="Repository">the repository the snapshot was committed to</param>
/// <param name="Snapshot">the snapshot id (its object name under snapshots/)</param>
/// <param name="Arrival">the commit time, UTC, from <see cref="KayaServerOptions.Time"/></param>
/// <param name="RunId">the run whose grant uploaded it; null for users of <c>kaya serve</c></param>
/// <param name="Size">the object's size in bytes</param>
public sealed record SnapshotCommit(RepositoryPath Repository, ObjectId Snapshot, DateTimeOffset Arrival, string? RunId, long Size);
