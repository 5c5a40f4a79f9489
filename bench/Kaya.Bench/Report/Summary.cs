namespace Kaya.Bench.Report;

/// <summary>One server's result for one row over all rounds: medians of figure and CPU, highest peak RSS.</summary>
public sealed record Summary(Row Row, string Server, double Value, double CpuSeconds, long PeakRssKiB, int Rounds)
{
    public bool IsKaya => Server.StartsWith("kaya", StringComparison.Ordinal);

    public static IReadOnlyList<Summary> Of(IEnumerable<Measurement> measurements) =>
        measurements.GroupBy(m => (m.Row, m.Server))
            .Select(g => new Summary(g.Key.Row, g.Key.Server, Median(g.Select(m => m.Value)), Median(g.Select(m => m.CpuSeconds)), g.Max(m => m.PeakRssKiB), g.Count()))
            .OrderBy(s => Array.IndexOf(Row.InOrder, s.Row)).ThenBy(s => s.IsKaya ? 0 : 1).ThenBy(s => s.Server, StringComparer.Ordinal)
            .ToList();

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
