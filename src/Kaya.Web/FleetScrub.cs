using Kaya.Orchestrator.History;

namespace Kaya.Web;

/// <summary>The header line's scrub result: every host's last scrub (<see cref="HistoryStore.GetLastScrubsAsync"/>) in one line.</summary>
public static class FleetScrub
{
    /// <summary>Null when nothing was ever scrubbed; else when the newest scrub ended, whether every last scrub found nothing, and which hosts' did.</summary>
    public static ScrubSummary? Summarize(IReadOnlyList<ScrubRecord> lastScrubs)
    {
        if (lastScrubs.Count == 0) return null;
        var ended = lastScrubs.Max(s => s.Finished);
        var damaged = lastScrubs.Where(s => s.Findings > 0).OrderBy(s => s.Host, StringComparer.Ordinal).ToList();
        var repositories = lastScrubs.Count == 1 ? "1 repository" : $"{lastScrubs.Count} repositories";
        var interrupted = lastScrubs.Count(s => !s.Completed);
        var resuming = interrupted == 0 ? "" : $" ({interrupted} scrub{(interrupted == 1 ? "" : "s")} to resume)";
        if (damaged.Count == 0) return new ScrubSummary(ended, true, $"{repositories}, no damage{resuming}");
        var problems = damaged.Select(s => $"{s.Host}: {s.Findings} problem{(s.Findings == 1 ? "" : "s")} ({s.CorruptObjects} corrupt)");
        return new ScrubSummary(ended, false, $"{string.Join("; ", problems)}; {lastScrubs.Count - damaged.Count} of {repositories} clean{resuming}");
    }
}
