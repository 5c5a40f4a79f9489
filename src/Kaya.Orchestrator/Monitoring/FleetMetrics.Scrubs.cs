using System.Text;
using Kaya.Orchestrator.History;

namespace Kaya.Orchestrator.Monitoring;

public static partial class FleetMetrics
{
    /// <summary>
    /// The scrub families, from each host's last recorded scrub (<see cref="HistoryStore.GetLastScrubsAsync"/>); appended
    /// after <see cref="Render"/>'s output where both are served.
    /// </summary>
    public static string RenderScrubs(IReadOnlyList<ScrubRecord> scrubs)
    {
        var text = new StringBuilder();
        PerHost(text, scrubs, s => s.Host, "kaya_scrub_last_timestamp_seconds", "End of the host's last scrub (complete or interrupted), Unix seconds.", s => s.Finished.ToUnixTimeSeconds());
        PerHost(text, scrubs, s => s.Host, "kaya_scrub_corrupt_objects", "Objects whose bytes no longer hash to their name, found by the host's last scrub.", s => s.CorruptObjects);
        return text.ToString();
    }
}
