using System.Globalization;
using System.Text;

namespace Kaya.Bench.Report;

/// <summary>Everything one run produced, and the two ways it is shown: a plain table for stdout and a markdown file.</summary>
public sealed class RunReport
{
    public required DateTime StartedUtc { get; init; }
    public required BenchSettings Settings { get; init; }
    public required IReadOnlyList<(string Name, string Value)> Environment { get; init; }
    public required IReadOnlyList<Measurement> Measurements { get; init; }
    public required IReadOnlyList<(string Name, double Value, string Unit)> Limits { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }
    /// <summary>The fleet row's rounds, shown in their own table (bench/Kaya.Bench/Fleet).</summary>
    public IReadOnlyList<Kaya.Bench.Fleet.FleetMeasurement> Fleet { get; init; } = [];

    private IReadOnlyList<string[]> Table()
    {
        var summaries = Summary.Of(Measurements);
        var rows = new List<string[]> { new[] { "row", "server", "figure", "unit", "server CPU s", "peak RSS MiB", "kaya/peer" } };
        foreach (var s in summaries)
        {
            // Tunnel: the ratio sits on Kaya's lines (each transport against the original path); elsewhere on each peer's.
            var ratio = "";
            if (s.Row == Row.Tunnel && s.IsKaya && summaries.FirstOrDefault(o => o.Row == Row.Tunnel && !o.IsKaya) is { } original)
                ratio = Fmt(s.Value / original.Value);
            else if (s.Row != Row.Tunnel && !s.IsKaya && summaries.FirstOrDefault(o => o.Row == s.Row && o.Server == "kaya") is { } kaya)
                ratio = Fmt(kaya.Value / s.Value);
            rows.Add([
                s.Row.Title, s.Server, Fmt(s.Value), s.Row.Unit, Fmt(s.CpuSeconds),
                s.PeakRssKiB > 0 ? Fmt(s.PeakRssKiB / 1024.0) : "–", ratio,
            ]);
        }
        return rows;
    }

    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine($"kaya bench, {(Settings.Quick ? "quick" : "full")} run, {Settings.Rounds} round(s), started {StartedUtc:yyyy-MM-dd HH:mm} UTC");
        var table = Table();
        var widths = Enumerable.Range(0, table[0].Length).Select(c => table.Max(r => r[c].Length)).ToArray();
        foreach (var row in table)
            text.AppendLine(string.Join("  ", row.Select((cell, c) => c is >= 2 and not 3 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd());
        text.AppendLine();
        text.Append(Kaya.Bench.Fleet.FleetReport.ToText(Fleet));
        foreach (var (name, value, unit) in Limits) text.AppendLine($"limit: {name}: {Fmt(value)} {unit}");
        text.AppendLine();
        foreach (var t in Targets.Check(Summary.Of(Measurements)))
            text.AppendLine($"target: {t.Target}: {t.Verdict}{(t.Measured.Length > 0 ? " — " + t.Measured : "")}");
        foreach (var note in Notes) text.AppendLine($"note: {note}");
        return text.ToString();
    }

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine($"# Kaya benchmark, {StartedUtc:yyyy-MM-dd HH:mm} UTC ({(Settings.Quick ? "quick" : "full")} run)");
        md.AppendLine();
        md.AppendLine($"Medians of {Settings.Rounds} alternating round(s); peak RSS is the highest VmHWM over the rounds. How to read this: bench/README.md.");
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("|---|---|");
        foreach (var (name, value) in Environment) md.AppendLine($"| {name} | {value} |");
        md.AppendLine();
        md.AppendLine("## Results");
        md.AppendLine();
        var table = Table();
        md.AppendLine("| " + string.Join(" | ", table[0]) + " |");
        md.AppendLine("|" + string.Concat(table[0].Select((_, c) => c is >= 2 and not 3 ? "---:|" : "---|")));
        foreach (var row in table.Skip(1)) md.AppendLine("| " + string.Join(" | ", row) + " |");
        md.AppendLine();
        md.Append(Kaya.Bench.Fleet.FleetReport.ToMarkdown(Fleet));
        md.AppendLine("## Physical limits (same run)");
        md.AppendLine();
        foreach (var (name, value, unit) in Limits) md.AppendLine($"- {name}: {Fmt(value)} {unit}");
        md.AppendLine();
        md.AppendLine("## Targets");
        md.AppendLine();
        md.AppendLine("| target | result | measured |");
        md.AppendLine("|---|---|---|");
        foreach (var t in Targets.Check(Summary.Of(Measurements))) md.AppendLine($"| {t.Target} | {t.Verdict} | {t.Measured} |");
        if (Notes.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Notes");
            md.AppendLine();
            foreach (var note in Notes) md.AppendLine($"- {note}");
        }
        return md.ToString();
    }

    /// <summary>Three significant figures: enough to compare, no false precision.</summary>
    internal static string Fmt(double value) => value switch
    {
        >= 100 => value.ToString("0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.00", CultureInfo.InvariantCulture),
    };
}
