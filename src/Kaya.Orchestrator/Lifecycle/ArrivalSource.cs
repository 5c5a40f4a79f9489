namespace Kaya.Orchestrator.Lifecycle;

/// <summary>Where a snapshot's arrival time comes from.</summary>
public enum ArrivalSource
{
    /// <summary>Recorded by Kaya's server when it committed the snapshot (the arrival ledger).</summary>
    Ledger,

    /// <summary>The snapshot file's mtime, written by the server that stored it (repositories from the Bash original).</summary>
    Mtime,
}
