namespace Kaya.Server.Repository;

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
