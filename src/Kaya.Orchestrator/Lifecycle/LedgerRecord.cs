using System.Text.Json.Serialization;
using Kaya.Server.Repository;

namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// One line of <c>backup_root/HOST/.kaya-ledger</c>: a snapshot object the backup host committed, and when.
/// Written once per snapshot, never changed; a repository copied elsewhere carries its ledger with it.
/// </summary>
public sealed record LedgerRecord
{
    /// <summary>The repository (the HOST folder's name, or the repository path under <c>kaya serve</c>).</summary>
    [JsonPropertyName("repository")]
    public required string Repository { get; init; }

    /// <summary>The snapshot id: the object's name under snapshots/ (64 lower-case hex characters).</summary>
    [JsonPropertyName("snapshot")]
    public required string SnapshotId { get; init; }

    /// <summary>Server arrival time, UTC (TimeProvider at commit), written as RFC 3339 with Z.</summary>
    [JsonPropertyName("arrival")]
    [JsonConverter(typeof(Rfc3339UtcConverter))]
    public required DateTimeOffset Arrival { get; init; }

    /// <summary>The orchestrated run that uploaded it; null for <c>kaya serve</c> and legacy snapshots.</summary>
    [JsonPropertyName("run")]
    public string? RunId { get; init; }

    /// <summary>The target's SSH host key fingerprint (<c>SHA256:…</c>) when the snapshot came through an orchestrated run.</summary>
    [JsonPropertyName("host_key")]
    public string? HostKeyFingerprint { get; init; }

    /// <summary>The snapshot object's size in bytes.</summary>
    [JsonPropertyName("size")]
    public long Size { get; init; }

    /// <summary><c>ledger</c> when recorded at arrival; <c>mtime</c> when taken from a legacy snapshot file's mtime.</summary>
    [JsonPropertyName("source")]
    public ArrivalSource Source { get; init; } = ArrivalSource.Ledger;

    /// <summary>The record of a snapshot the server just committed (source <see cref="ArrivalSource.Ledger"/>).</summary>
    public static LedgerRecord From(SnapshotCommit commit) => new()
    {
        // The HOST folder's name for an orchestrated run; the repository path under kaya serve.
        Repository = commit.Repository.Name,
        SnapshotId = commit.Snapshot.Value,
        Arrival = commit.Arrival,
        RunId = commit.RunId,
        HostKeyFingerprint = commit.HostKeyFingerprint,
        Size = commit.Size,
    };
}
