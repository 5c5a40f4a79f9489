namespace Kaya.Orchestrator.History;

/// <summary>One forget (with or without prune) of one host's repository, as the history keeps it. Times are UTC.</summary>
/// <param name="Trigger">who ran it: <c>kaya HOST forget</c> and <c>kaya forget --all</c> are <see cref="RunTrigger.Cli"/>, the daemon's schedule <see cref="RunTrigger.Daemon"/></param>
/// <param name="Kept">snapshots the rules kept; null when it failed before the selection was made</param>
/// <param name="Removed">snapshots selected for removal (removed when <paramref name="Outcome"/> is succeeded); null as for kept</param>
/// <param name="Pruned">whether <c>restic prune</c> ran to its end</param>
/// <param name="Reason">one line: why it did not succeed; null on success</param>
public sealed record ForgetRecord(string Host, DateTimeOffset Started, DateTimeOffset Ended, RunTrigger Trigger, int? Kept, int? Removed, bool Pruned,
    ForgetOutcome Outcome, string? Reason)
{
    /// <summary>The row id; 0 before it is stored.</summary>
    public long Id { get; init; }
}

/// <summary>How a forget ended.</summary>
public enum ForgetOutcome
{
    /// <summary>The selected snapshots were removed (and pruned, if asked).</summary>
    Succeeded,
    /// <summary>restic failed, the host was busy, the rules were refused, or the repository could not be read.</summary>
    Failed,
    /// <summary>Stopped by a signal or the daemon's shutdown before it ended.</summary>
    Interrupted,
}

/// <summary>The texts of <see cref="ForgetOutcome"/> in the database and metrics.</summary>
public static class ForgetOutcomes
{
    public static string ToText(this ForgetOutcome outcome) => outcome switch
    {
        ForgetOutcome.Succeeded => "succeeded",
        ForgetOutcome.Failed => "failed",
        _ => "interrupted",
    };

    /// <summary>The outcome a text names; failed for a text this kaya does not know (a newer one wrote it).</summary>
    public static ForgetOutcome Parse(string text) => text switch
    {
        "succeeded" => ForgetOutcome.Succeeded,
        "interrupted" => ForgetOutcome.Interrupted,
        _ => ForgetOutcome.Failed,
    };
}
