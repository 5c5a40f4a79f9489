using System.Globalization;
using System.Text;
using Kaya.Bench.Report;

namespace Kaya.Bench.Fleet;

/// <summary>
/// The fleet row's own table (its figures do not fit the server table's columns) and the issue's goal:
/// at P = N, kaya run holds at most half the memory of N separate processes and is no slower.
/// Wall and CPU: medians over the rounds; memory: the highest over the rounds, as elsewhere in the bench.
/// </summary>
public static class FleetReport
{
    private static readonly string[] Header =
        ["variant", "wall s", "CPU s", "peak RSS MiB kaya", "peak RSS MiB kaya+ssh", "peak PSS MiB kaya+ssh", "max procs", "wall ×sep", "RSS ×sep", "CPU ×sep"];

    private sealed record Line(string Variant, int Parallel, double Wall, double Cpu, long KayaRss, long AllRss, long AllPss, int Processes, int Rounds);

    private static List<Line> Lines(IReadOnlyList<FleetMeasurement> measurements) =>
        measurements.GroupBy(m => (m.Variant, m.Parallel))
            .Select(g => new Line(g.Key.Variant, g.Key.Parallel, Summary.Median(g.Select(m => m.WallSeconds)), Summary.Median(g.Select(m => m.CpuSeconds)),
                g.Max(m => m.PeakKayaRssKiB), g.Max(m => m.PeakAllRssKiB), g.Max(m => m.PeakAllPssKiB), g.Max(m => m.PeakProcesses), g.Count()))
            .OrderBy(l => l.Parallel == 0 ? int.MaxValue : l.Parallel)
            .ToList();

    private static List<string[]> Table(List<Line> lines)
    {
        var separate = lines.FirstOrDefault(l => l.Parallel == 0);
        string Ratio(Line l, Func<Line, double> of) => separate is null || l == separate || of(separate) <= 0 ? "" : Fmt(of(l) / of(separate));
        var rows = new List<string[]> { Header };
        foreach (var l in lines)
        {
            rows.Add([
                l.Variant, Fmt(l.Wall), Fmt(l.Cpu), Fmt(l.KayaRss / 1024.0), Fmt(l.AllRss / 1024.0), Fmt(l.AllPss / 1024.0), l.Processes.ToString(CultureInfo.InvariantCulture),
                Ratio(l, x => x.Wall), Ratio(l, x => x.KayaRss), Ratio(l, x => x.Cpu),
            ]);
        }
        return rows;
    }

    /// <summary>The goal at P = N: summed peak RSS of the kaya processes ≤ 0.5× the separate ones', wall time ≤ theirs.</summary>
    private static IEnumerable<TargetResult> Targets(List<Line> lines)
    {
        var separate = lines.FirstOrDefault(l => l.Parallel == 0);
        var full = lines.Where(l => l.Parallel > 0).MaxBy(l => l.Parallel);
        const string memory = "fleet: kaya run at P = N holds ≤ 0.5× the kaya memory of N separate processes (summed peak RSS)";
        const string wall = "fleet: kaya run at P = N is no slower than N separate processes (wall time)";
        if (separate is null || full is null)
        {
            yield return new(memory, "", null);
            yield return new(wall, "", null);
            yield break;
        }
        var rss = (double)full.KayaRss / separate.KayaRss;
        yield return new(memory, $"{rss:0.00}× ({full.KayaRss / 1024.0:0} vs {separate.KayaRss / 1024.0:0} MiB; with the ssh clients {(double)full.AllRss / separate.AllRss:0.00}×, in PSS {(double)full.AllPss / separate.AllPss:0.00}×)", rss <= 0.5);
        var w = full.Wall / separate.Wall;
        yield return new(wall, $"{w:0.00}× ({full.Wall:0.0} vs {separate.Wall:0.0} s)", w <= 1.0);
    }

    public static string ToText(IReadOnlyList<FleetMeasurement> measurements)
    {
        if (measurements.Count == 0) return "";
        var lines = Lines(measurements);
        var table = Table(lines);
        var widths = Enumerable.Range(0, Header.Length).Select(c => table.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        text.AppendLine("fleet (backup host side only; the target's sshd and restic are not counted):");
        foreach (var row in table)
            text.AppendLine(string.Join("  ", row.Select((cell, c) => c > 0 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd());
        foreach (var t in Targets(lines)) text.AppendLine($"target: {t.Target}: {t.Verdict}{(t.Measured.Length > 0 ? " — " + t.Measured : "")}");
        text.AppendLine();
        return text.ToString();
    }

    public static string ToMarkdown(IReadOnlyList<FleetMeasurement> measurements)
    {
        if (measurements.Count == 0) return "";
        var lines = Lines(measurements);
        var table = Table(lines);
        var md = new StringBuilder();
        md.AppendLine("## Fleet");
        md.AppendLine();
        md.AppendLine("Backup host side only (the target's sshd and restic are not counted). " +
            $"Wall and CPU: medians of {lines.Max(l => l.Rounds)} round(s); memory: the highest over the rounds. ×sep: divided by the separate processes' figure.");
        md.AppendLine();
        md.AppendLine("| " + string.Join(" | ", table[0]) + " |");
        md.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", Header.Length - 1)));
        foreach (var row in table.Skip(1)) md.AppendLine("| " + string.Join(" | ", row) + " |");
        md.AppendLine();
        md.AppendLine("| target | result | measured |");
        md.AppendLine("|---|---|---|");
        foreach (var t in Targets(lines)) md.AppendLine($"| {t.Target} | {t.Verdict} | {t.Measured} |");
        md.AppendLine();
        return md.ToString();
    }

    private static string Fmt(double value) => RunReport.Fmt(value);
}
