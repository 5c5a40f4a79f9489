using System.Globalization;
using System.Text;

namespace Kaya.Web;

/// <summary>
/// One time-series plot as inline SVG, drawn by the server (no script, no external asset): a time axis over the
/// window, a value axis with round ticks in one unit, the values as points (a line through them) or bars, and a
/// triangle on the time axis for each failed run. Every mark has a &lt;title&gt; with its exact value.
/// </summary>
internal sealed class SvgPlot
{
    // viewBox units: the SVG scales to its box's width, so these are proportions, chosen so 11-unit text stays
    // readable at 400 px wide (a phone) and in three columns on a wide screen.
    private const double Width = 460, Height = 210, Left = 50, Right = 12, Top = 12, Bottom = 38;
    private const double PlotWidth = Width - Left - Right, PlotHeight = Height - Top - Bottom;

    public enum Kind { Line, Bars }

    public sealed record Point(DateTimeOffset At, double Value, string Title);

    public sealed record Failure(DateTimeOffset At, string Title);

    /// <summary>A value axis unit: its divisor and name, e.g. (1024³, "GiB").</summary>
    public sealed record Unit(double Divisor, string Name);

    public static Unit BytesUnit(double max)
    {
        string[] names = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        var i = 0;
        while (i < names.Length - 1 && max >= Math.Pow(1024, i + 1)) i++;
        return new(Math.Pow(1024, i), names[i]);
    }

    public static Unit SecondsUnit(double max) => max switch
    {
        >= 2 * 3600 => new(3600, "h"),
        >= 2 * 60 => new(60, "min"),
        _ => new(1, "s"),
    };

    /// <param name="id">the figure's id and the SVG's data-plot</param>
    /// <param name="caption">what is plotted, with the unit added</param>
    public static string Render(string id, string caption, Kind kind, IReadOnlyList<Point> points, IReadOnlyList<Failure> failures,
        DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, Func<double, Unit> unitFor)
    {
        var max = points.Count == 0 ? 0 : points.Max(p => p.Value);
        var unit = unitFor(max);
        var (top, step) = NiceScale(max / unit.Divisor);
        double X(DateTimeOffset t) => Left + PlotWidth * Math.Clamp((t - from) / (to - from), 0, 1);
        double Y(double value) => Top + PlotHeight * (1 - (top == 0 ? 0 : value / unit.Divisor / top));

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<figure id=\"{id}\"><figcaption>{PageFormat.Html(caption)} ({unit.Name})</figcaption>\n<svg class=\"plot\" data-plot=\"{id}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{PageFormat.Html(caption)}\" xmlns=\"http://www.w3.org/2000/svg\">\n");

        // Value axis: round ticks from 0 to the top, labelled in the unit.
        for (var v = 0.0; v <= top + step / 2; v += step)
        {
            var y = Y(v * unit.Divisor);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>")
               .Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{Number(v)}</text>\n");
        }
        // Time axis: a tick per 15 days back from the window's end, labelled with the local date.
        var baseline = Top + PlotHeight;
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{baseline}\" y2=\"{baseline}\"/>")
           .Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" x2=\"{Left}\" y1=\"{Top}\" y2=\"{baseline}\"/>\n");
        var tickStep = TimeSpan.FromDays(Math.Max(1, Math.Round((to - from).TotalDays / 6)));
        for (var t = to; t >= from; t -= tickStep)
        {
            var x = X(t);
            var anchor = x > Width - Right - 20 ? "end" : "middle";
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{baseline}\" y2=\"{baseline + 4}\"/>")
               .Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.#}\" y=\"{baseline + 16}\" text-anchor=\"{anchor}\">{TimeZoneInfo.ConvertTime(t, zone).ToString("MMM d", CultureInfo.InvariantCulture)}</text>\n");
        }

        if (points.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"empty\" x=\"{Left + PlotWidth / 2}\" y=\"{Top + PlotHeight / 2}\" text-anchor=\"middle\">no data in this period</text>\n");
        }
        else if (kind == Kind.Line)
        {
            svg.Append("<polyline class=\"line\" points=\"")
               .AppendJoin(' ', points.OrderBy(p => p.At).Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.At):0.#},{Y(p.Value):0.#}")))
               .Append("\"/>\n");
            // Small marks when points are dense, so a quarter of nightly runs stays a line, not a smear.
            var radius = points.Count > 60 ? 1.8 : 3;
            foreach (var p in points)
                svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"point\" cx=\"{X(p.At):0.#}\" cy=\"{Y(p.Value):0.#}\" r=\"{radius}\"><title>{PageFormat.Html(p.Title)}</title></circle>\n");
        }
        else
        {
            // Bars as wide as a run's share of the plot, at least 1 unit, at most 12.
            var width = Math.Clamp(PlotWidth / Math.Max(points.Count, 1) * 0.7, 1, 12);
            foreach (var p in points)
            {
                var y = Y(p.Value);
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"point bar\" x=\"{X(p.At) - width / 2:0.##}\" y=\"{y:0.#}\" width=\"{width:0.##}\" height=\"{Math.Max(baseline - y, 0.5):0.#}\"><title>{PageFormat.Html(p.Title)}</title></rect>\n");
            }
        }
        foreach (var f in failures)
        {
            var x = X(f.At);
            svg.Append(CultureInfo.InvariantCulture, $"<path class=\"failure\" d=\"M{x - 5:0.#},{baseline:0.#} L{x + 5:0.#},{baseline:0.#} L{x:0.#},{baseline - 9:0.#} Z\"><title>{PageFormat.Html(f.Title)}</title></path>\n");
        }
        if (failures.Count > 0)
        {
            // A legend in words, so the triangles read without colour.
            svg.Append(CultureInfo.InvariantCulture, $"<path class=\"key\" d=\"M{Width - Right - 120},{Height - 4} L{Width - Right - 110},{Height - 4} L{Width - Right - 115},{Height - 13} Z\"/>")
               .Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right}\" y=\"{Height - 4}\" text-anchor=\"end\">failed run ({failures.Count})</text>\n");
        }
        svg.Append("</svg></figure>\n");
        return svg.ToString();
    }

    /// <summary>A top of 1, 2, 2.5 or 5 × 10ⁿ at or above <paramref name="max"/>, split into 4 or 5 steps.</summary>
    internal static (double Top, double Step) NiceScale(double max)
    {
        if (max <= 0) return (1, 0.25);
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(max / 4)));
        foreach (var m in new[] { 1, 2, 2.5, 5, 10 })
        {
            var step = m * magnitude;
            if (step * 5 >= max) return (Math.Ceiling(max / step - 1e-9) * step, step);
        }
        return (10 * magnitude * 5, 10 * magnitude);
    }

    private static string Number(double v) => v.ToString(v % 1 == 0 ? "0" : "0.##", CultureInfo.InvariantCulture);
}
