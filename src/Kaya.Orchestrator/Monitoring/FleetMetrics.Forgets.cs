using System.Text;
using Kaya.Orchestrator.History;

namespace Kaya.Orchestrator.Monitoring;

public static partial class FleetMetrics
{
    /// <summary>
    /// The forget families, from each host's last recorded forget (<see cref="HistoryStore.GetLastForgetsAsync"/>); appended
    /// after <see cref="Render"/>'s output where both are served. A host never forgotten has no sample.
    /// </summary>
    public static string RenderForgets(IReadOnlyList<ForgetRecord> forgets)
    {
        var text = new StringBuilder();
        PerHost(text, forgets, f => f.Host, "kaya_forget_last_timestamp_seconds", "End of the host's last forget (of any outcome), Unix seconds.", f => f.Ended.ToUnixTimeSeconds());
        PerHost(text, forgets, f => f.Host, "kaya_forget_last_success", "1 if the host's last forget succeeded, 0 if not.", f => f.Outcome == ForgetOutcome.Succeeded ? 1 : 0);
        return text.ToString();
    }
}
