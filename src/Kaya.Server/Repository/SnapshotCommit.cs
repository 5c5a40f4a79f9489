namespace Kaya.Server.Repository;

/// <param name="Repository">the repository the snapshot was committed to</param>
/// <param name="Snapshot">the snapshot id (its object name under snapshots/)</param>
/// <param name="Arrival">the commit time, UTC, from the hosting server's TimeProvider</param>
/// <param name="RunId">the run whose grant uploaded it; null for users of <c>kaya serve</c></param>
/// <param name="Size">the object's size in bytes</param>
/// <param name="HostKeyFingerprint">the run's target's SSH host key as ssh prints it (<c>SHA256:…</c>); null outside orchestrated runs</param>
public sealed record SnapshotCommit(RepositoryPath Repository, ObjectId Snapshot, DateTimeOffset Arrival, string? RunId, long Size, string? HostKeyFingerprint = null);
