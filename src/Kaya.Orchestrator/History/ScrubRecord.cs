namespace Kaya.Orchestrator.History;

/// <summary>One scrub of one host's repository, as the history keeps it.</summary>
/// <param name="Started">UTC; for a resumed scrub, when its first part began</param>
/// <param name="Finished">UTC, when it ended or was interrupted</param>
/// <param name="Completed">false when interrupted (it resumes next time)</param>
/// <param name="BytesRead">bytes re-read and re-hashed</param>
/// <param name="CorruptObjects">objects whose bytes no longer hash to their name</param>
/// <param name="Findings">everything found: corrupt, unreadable, misplaced, a missing config</param>
/// <param name="ResultJson">the whole result (<c>kaya scrub --json</c>'s object for the host)</param>
public sealed record ScrubRecord(string Host, DateTimeOffset Started, DateTimeOffset Finished, bool Completed, long ObjectsChecked, long BytesRead,
    int CorruptObjects, int Findings, string ResultJson)
{
    /// <summary>The row for <paramref name="host"/>'s scrub result: what <c>kaya scrub</c> and the daemon record.</summary>
    public static ScrubRecord From(string host, Lifecycle.ScrubResult result) =>
        new(host, result.Started, result.Finished, result.Completed, result.ObjectsChecked, result.BytesRead, result.CorruptObjects, result.Findings.Count, result.ToJson());
}
