namespace Kaya.Orchestrator.Lifecycle;

/// <summary>One snapshot as retention sees it.</summary>
/// <param name="Id">the snapshot id (64 hex characters)</param>
/// <param name="ClientTime">the time restic on the target wrote into the snapshot, with the offset it wrote; the client can forge it</param>
/// <param name="Arrival">when the backup host committed the snapshot (UTC), or the file's mtime for legacy repositories</param>
/// <param name="Source">where <paramref name="Arrival"/> comes from</param>
/// <param name="RunId">the orchestrated run that uploaded it; null for <c>kaya serve</c> uploads and legacy snapshots</param>
/// <param name="Group">restic's forget group (default <c>--group-by host,paths</c>); rules apply per group; "" for one group</param>
public sealed record SnapshotArrival(string Id, DateTimeOffset ClientTime, DateTimeOffset Arrival, ArrivalSource Source, string? RunId, string Group = "")
{
    /// <summary>restic's short id (first 8 characters).</summary>
    public string ShortId => Id.Length > 8 ? Id[..8] : Id;

    /// <summary>The snapshot as restic listed it (host, paths, tags: what <c>latest</c>'s filters look at); null when not from a listing.</summary>
    public ResticSnapshot? Listed { get; init; }
}
