namespace Kaya.Orchestrator.Lifecycle;

/// <summary>The decision for one snapshot.</summary>
/// <param name="Reasons">the rules that keep it, in restic's words ("daily snapshot", "within 7d", ...); empty when removed</param>
/// <param name="Note">why a snapshot that might look kept is not (e.g. an older snapshot of a run), or null</param>
public sealed record RetentionDecision(SnapshotArrival Snapshot, bool Keep, IReadOnlyList<string> Reasons, string? Note = null);
