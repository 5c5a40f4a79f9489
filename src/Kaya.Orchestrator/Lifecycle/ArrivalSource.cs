using System.Text.Json.Serialization;

namespace Kaya.Orchestrator.Lifecycle;

/// <summary>Where a snapshot's arrival time comes from; written into the ledger as <c>ledger</c> or <c>mtime</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ArrivalSource>))]
public enum ArrivalSource
{
    /// <summary>Recorded by Kaya's server when it committed the snapshot (the arrival ledger).</summary>
    [JsonStringEnumMemberName("ledger")]
    Ledger,

    /// <summary>The snapshot file's mtime, written by the server that stored it (repositories from the Bash original).</summary>
    [JsonStringEnumMemberName("mtime")]
    Mtime,
}
