namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// A retention selection: one decision per snapshot, newest first. When <see cref="Refusal"/> is set the
/// plan must not be applied: <see cref="IdsToRemove"/> is then empty.
/// </summary>
public sealed record RetentionPlan(KeepPolicy Policy, IReadOnlyList<RetentionDecision> Decisions, string? Refusal = null)
{
    public IEnumerable<string> IdsToKeep => Decisions.Where(d => d.Keep).Select(d => d.Snapshot.Id);

    /// <summary>The ids to pass to <c>restic forget ID...</c>; empty when the plan is refused.</summary>
    public IReadOnlyList<string> IdsToRemove => Refusal is null ? [.. Decisions.Where(d => !d.Keep).Select(d => d.Snapshot.Id)] : [];

    public RetentionDecision For(string id) => Decisions.First(d => d.Snapshot.Id == id);
}
