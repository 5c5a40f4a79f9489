using System.Globalization;
using System.Text;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Monitoring;

namespace Kaya.Web;

/// <summary>The page at <c>/host/HOST</c>: the host's state, three plots over the last 90 days, and its last runs.</summary>
public static class HostPage
{
    /// <summary>The plotted window: 90 days (issue 13), a quarter of nightly runs, long enough to see a trend.</summary>
    public static readonly TimeSpan PlotWindow = TimeSpan.FromDays(90);

    /// <summary>Rows in the runs table: 50, a few weeks of nightly runs and every retry among them.</summary>
    public const int TableRuns = 50;

    /// <summary>Runs read for the plots: 90 days of a host due every hour stay under this.</summary>
    public const int PlotRuns = 2500;

    /// <param name="runs">the host's runs, newest first (at least those of the last 90 days)</param>
    public static string Render(HostStatus host, IReadOnlyList<RunRecord> runs, FleetSnapshot snapshot)
    {
        var now = snapshot.GeneratedAt;
        var zone = snapshot.TimeZone;
        var from = now - PlotWindow;
        var body = new StringBuilder();
        body.Append("<nav><a href=\"/\">← all hosts</a></nav>\n<header>\n<h1>").Append(PageFormat.Html(host.Host)).Append(PageLayout.Badge(host.State.ToText())).Append("</h1>\n")
            .Append("<p class=\"summary\">")
            .Append("<span>last success: ").Append(host.LastSuccess is { } s ? $"<b>{PageFormat.Ago(now - s)}</b> ({PageFormat.Time(s, zone)})" : "<b>never</b>").Append("</span> ")
            .Append("<span>next due: ").Append(host.NextDue is { } due ? (due <= now ? "now" : $"{PageFormat.Time(due, zone)} (in {PageFormat.Span(due - now)})") : "–").Append("</span> ")
            .Append("<span>size: ").Append(PageFormat.Bytes(host.RepositoryBytes)).Append(", ").Append(host.SnapshotCount?.ToString(CultureInfo.InvariantCulture) ?? "–").Append(" snapshots</span> ")
            .Append("<span>interval ").Append(PageFormat.Span(host.Interval)).Append(", stale after ").Append(PageFormat.Span(host.MaxAge)).Append("</span> ")
            .Append("</p>\n");
        if (host.State == HostState.Failing && host.LastAttempt?.Reason is { } reason)
            body.Append("<p class=\"reason\"><b>Last failure:</b> ").Append(PageFormat.Html(reason)).Append("</p>\n");
        if (host.Running is { } running)
            body.Append("<p><span class=\"badge running\">running</span> started ").Append(PageFormat.Ago(now - running.Started)).Append(" by ").Append(running.Trigger.ToText())
                .Append(ProgressHtml.Render(host.Progress)).Append("</p>\n");
        body.Append("</header>\n<main>\n");

        var window = runs.Where(r => r.Started >= from && r.Ended is not null).OrderBy(r => r.Started).ToList();
        var failures = window.Where(r => r.Outcome is { } o && o.IsFailure())
            .Select(r => new SvgPlot.Failure(r.Started, $"{PageFormat.Time(r.Started, zone)} {r.Outcome!.Value.ToText()}: {r.Reason}")).ToList();
        string When(RunRecord r) => PageFormat.Time(r.Started, zone);
        body.Append("<h2>Last 90 days</h2>\n<div class=\"plots\">\n")
            .Append(SvgPlot.Render("repository-size", "Repository size", SvgPlot.Kind.Line,
                window.Where(r => r.RepositoryBytes is not null).Select(r => new SvgPlot.Point(r.Started, r.RepositoryBytes!.Value, $"{When(r)}: {PageFormat.Bytes(r.RepositoryBytes)}")).ToList(),
                failures, from, now, zone, SvgPlot.BytesUnit))
            .Append(SvgPlot.Render("bytes-added", "Added per run", SvgPlot.Kind.Bars,
                window.Where(r => r.BytesAdded is not null).Select(r => new SvgPlot.Point(r.Started, r.BytesAdded!.Value, $"{When(r)}: {PageFormat.Bytes(r.BytesAdded)} added")).ToList(),
                failures, from, now, zone, SvgPlot.BytesUnit))
            // Durations of successes only: a refused connection's 30 s says nothing about how long a backup takes.
            .Append(SvgPlot.Render("duration", "Run duration", SvgPlot.Kind.Line,
                window.Where(r => r.Duration is not null && r.Outcome is { } o && o.IsSuccess()).Select(r => new SvgPlot.Point(r.Started, r.Duration!.Value.TotalSeconds, $"{When(r)}: {PageFormat.Duration(r.Duration)}")).ToList(),
                failures, from, now, zone, SvgPlot.SecondsUnit))
            .Append("</div>\n");

        body.Append("<h2>Last runs</h2>\n<table class=\"runs cards\">\n<thead><tr><th>Started</th><th>Outcome</th><th>Trigger</th><th class=\"num\">Duration</th><th class=\"num\">Added</th><th class=\"num\">Size</th><th>Snapshot</th><th>Reason</th></tr></thead>\n<tbody>\n");
        foreach (var r in runs.Take(TableRuns))
        {
            var outcome = r.Outcome?.ToText() ?? "running";
            var badge = r.Outcome switch { null => "running", { } o when o.IsSuccess() => "ok", { } o when o.IsFailure() => "failing", _ => "never" };
            body.Append("<tr data-outcome=\"").Append(outcome).Append("\">")
                .Append("<td data-label=\"Started\"><div>").Append(PageFormat.TimeWithAge(r.Started, now, zone)).Append("</div></td>")
                .Append("<td data-label=\"Outcome\"><div><span class=\"badge ").Append(badge).Append("\">").Append(outcome).Append("</span></div></td>")
                .Append("<td data-label=\"Trigger\"><div>").Append(r.Trigger.ToText()).Append("</div></td>")
                .Append("<td data-label=\"Duration\" class=\"num\"><div>").Append(PageFormat.Duration(r.Duration)).Append("</div></td>")
                .Append("<td data-label=\"Added\" class=\"num\"><div>").Append(PageFormat.Bytes(r.BytesAdded)).Append("</div></td>")
                .Append("<td data-label=\"Size\" class=\"num\"><div>").Append(PageFormat.Bytes(r.RepositoryBytes)).Append("</div></td>")
                .Append("<td data-label=\"Snapshot\"><div>").Append(PageFormat.Html(r.SnapshotId is { Length: > 8 } id ? id[..8] : r.SnapshotId ?? "–")).Append("</div></td>")
                .Append("<td data-label=\"Reason\" class=\"reason\"><div>").Append(PageFormat.Html(r.Reason)).Append("</div></td></tr>\n");
        }
        body.Append("</tbody>\n</table>\n");
        if (runs.Count == 0) body.Append("<p>No runs recorded yet.</p>\n");
        body.Append("</main>\n");
        return PageLayout.Render($"{host.Host}: {host.State.ToText()}", body.ToString(), snapshot);
    }
}
