using System.Globalization;
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
        void Forget(string name, string help, Func<ForgetRecord, double> value)
        {
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} gauge\n");
            foreach (var f in forgets) text.Append(CultureInfo.InvariantCulture, $"{name}{{host=\"{Escape(f.Host)}\"}} {value(f).ToString("R", CultureInfo.InvariantCulture)}\n");
        }
        Forget("kaya_forget_last_timestamp_seconds", "End of the host's last forget (of any outcome), Unix seconds.", f => f.Ended.ToUnixTimeSeconds());
        Forget("kaya_forget_last_success", "1 if the host's last forget succeeded, 0 if not.", f => f.Outcome == ForgetOutcome.Succeeded ? 1 : 0);
        return text.ToString();
    }
}
