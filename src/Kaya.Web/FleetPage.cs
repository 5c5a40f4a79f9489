using System.Globalization;
using System.Text;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Monitoring;

namespace Kaya.Web;

/// <summary>
/// The page at <c>/</c>: a header line with the fleet's counts, the runs in progress, and one row per host. Also
/// written as a static file by <c>kaya status --html</c>, where it has no links (there is no server behind it).
/// </summary>
public static class FleetPage
{
    private static readonly (string Key, string Label, bool Numeric)[] Columns =
    [
        ("host", "Host", false), ("state", "State", false), ("last-success", "Last success", false), ("last-run", "Last run", false),
        ("duration", "Duration", true), ("added", "Added", true), ("size", "Size", true), ("snapshots", "Snapshots", true),
        ("next-due", "Next due", false), ("", "Reason", false),
    ];

    /// <summary>The whole HTML document, with sort and host links (served).</summary>
    public static string Render(FleetSnapshot snapshot) => Render(snapshot, FleetSort.Default, links: true);

    /// <summary>The whole HTML document as a static file: no links, default order.</summary>
    public static string RenderStatic(FleetSnapshot snapshot) => Render(snapshot, FleetSort.Default, links: false);

    internal static string Render(FleetSnapshot snapshot, FleetSort sort, bool links)
    {
        var now = snapshot.GeneratedAt;
        var body = new StringBuilder();
        body.Append("<header>\n<h1>Backups</h1>\n");
        Summary(body, snapshot);
        body.Append("</header>\n");
        Running(body, snapshot, links);

        body.Append("<main>\n<table class=\"fleet cards\">\n<thead><tr>");
        foreach (var (key, label, numeric) in Columns) Header(body, sort, key, label, numeric, links);
        body.Append("</tr></thead>\n<tbody>\n");
        foreach (var h in sort.Apply(snapshot.Hosts))
        {
            var state = h.State.ToText();
            var last = h.LastAttempt;
            body.Append("<tr data-host=\"").Append(PageFormat.Html(h.Host)).Append("\" data-state=\"").Append(state).Append("\">");
            Cell(body, "Host", links ? $"<a href=\"/host/{Uri.EscapeDataString(h.Host)}\">{PageFormat.Html(h.Host)}</a>" : PageFormat.Html(h.Host), "host");
            Cell(body, "State", PageLayout.Badge(state) + (h.IsStale && h.State != HostState.Stale ? " <span class=\"badge stale\">stale</span>" : ""));
            Cell(body, "Last success", h.LastSuccess is null ? "<span class=\"muted\">never</span>" : PageFormat.TimeWithAge(h.LastSuccess, now, snapshot.TimeZone), "last-success");
            Cell(body, "Last run", last?.Outcome is { } outcome
                ? $"{outcome.ToText()}<span class=\"sub\">{PageFormat.Time(last.Started, snapshot.TimeZone)}</span>"
                : "<span class=\"muted\">–</span>", "last-run");
            Cell(body, "Duration", PageFormat.Duration(last?.Duration), "num");
            Cell(body, "Added", PageFormat.Bytes(last?.BytesAdded), "num");
            Cell(body, "Size", PageFormat.Bytes(h.RepositoryBytes), "num");
            Cell(body, "Snapshots", h.SnapshotCount?.ToString(CultureInfo.InvariantCulture) ?? "–", "num");
            Cell(body, "Next due", NextDue(h, now, snapshot.TimeZone));
            // The reason of the last run when it did not succeed, shown only while it matters.
            Cell(body, "Reason", last?.Outcome is { } o && !o.IsSuccess() && h.State != HostState.Ok ? PageFormat.Html(last.Reason) : "", "reason");
            body.Append("</tr>\n");
        }
        body.Append("</tbody>\n</table>\n");
        if (snapshot.Hosts.Count == 0) body.Append("<p>No hosts: add a file per host to hosts.d (see contrib/hosts.d).</p>\n");
        if (snapshot.UnconfiguredRepositories.Count > 0)
        {
            body.Append("<p class=\"muted\">Repositories without a hosts.d file: ")
                .AppendJoin(", ", snapshot.UnconfiguredRepositories.Select(PageFormat.Html)).Append("</p>\n");
        }
        body.Append("</main>\n");
        return PageLayout.Render("Backups: " + Headline(snapshot), body.ToString(), snapshot, inlinePolicy: !links);
    }

    /// <summary>"5 ok, 1 stale, 1 failing": the title, so a browser tab shows trouble.</summary>
    private static string Headline(FleetSnapshot snapshot)
    {
        int Count(HostState s) => snapshot.Hosts.Count(h => h.State == s);
        return $"{Count(HostState.Ok)} ok, {Count(HostState.Stale)} stale, {Count(HostState.Failing)} failing";
    }

    private static void Summary(StringBuilder body, FleetSnapshot snapshot)
    {
        body.Append("<p class=\"summary\" id=\"summary\">");
        foreach (var state in new[] { HostState.Ok, HostState.Stale, HostState.Failing, HostState.Running, HostState.Never, HostState.Disabled })
        {
            var count = snapshot.Hosts.Count(h => h.State == state);
            // ok, stale and failing always: a zero there is news too.
            if (count == 0 && state is not (HostState.Ok or HostState.Stale or HostState.Failing)) continue;
            body.Append(CultureInfo.InvariantCulture, $"<span data-count=\"{state.ToText()}\"><b>{count}</b> {state.ToText()}</span> ");
        }
        var stored = snapshot.Hosts.Sum(h => h.RepositoryBytes ?? 0);
        var snapshots = snapshot.Hosts.Sum(h => (long)(h.SnapshotCount ?? 0));
        body.Append(CultureInfo.InvariantCulture, $"<span data-total=\"stored\"><b>{PageFormat.Bytes(stored)}</b> stored in {snapshots} snapshots</span> ");
        if (snapshot.LastScrub is { } scrub)
        {
            body.Append("<span data-scrub=\"").Append(scrub.Healthy ? "healthy" : "damaged").Append("\">last scrub ")
                .Append(PageFormat.Ago(snapshot.GeneratedAt - scrub.Ended)).Append(": ")
                .Append(scrub.Healthy ? "" : "<b>").Append(PageFormat.Html(scrub.Text)).Append(scrub.Healthy ? "" : "</b>").Append("</span>");
        }
        body.Append("</p>\n");
    }

    private static void Running(StringBuilder body, FleetSnapshot snapshot, bool links)
    {
        var running = snapshot.Hosts.Where(h => h.Running is not null).OrderBy(h => h.Running!.Started).ToList();
        if (running.Count == 0) return;
        body.Append("<section id=\"running\">\n<h2>Running now</h2>\n<ul>\n");
        foreach (var h in running)
        {
            var run = h.Running!;
            var name = links ? $"<a href=\"/host/{Uri.EscapeDataString(h.Host)}\">{PageFormat.Html(h.Host)}</a>" : PageFormat.Html(h.Host);
            body.Append("<li>").Append(name).Append(": started ").Append(PageFormat.Ago(snapshot.GeneratedAt - run.Started))
                .Append(" by ").Append(run.Trigger.ToText())
                // Live progress where this process runs the run (the daemon's page).
                .Append(ProgressHtml.Render(h.Progress)).Append("</li>\n");
        }
        body.Append("</ul>\n</section>\n");
    }

    private static void Header(StringBuilder body, FleetSort sort, string key, string label, bool numeric, bool links)
    {
        var current = key == sort.Key;
        body.Append("<th").Append(numeric ? " class=\"num\"" : "");
        if (current) body.Append(" aria-sort=\"").Append(sort.Descending ? "descending" : "ascending").Append('"');
        body.Append('>');
        if (!links || key.Length == 0) { body.Append(label).Append("</th>"); return; }
        // A second click on the current column reverses it.
        var order = current && !sort.Descending ? "desc" : "asc";
        body.Append("<a href=\"/?sort=").Append(key).Append("&amp;order=").Append(order).Append("\">").Append(label)
            .Append(current ? (sort.Descending ? " ▼" : " ▲") : "").Append("</a></th>");
    }

    private static void Cell(StringBuilder body, string label, string html, string? cssClass = null)
    {
        body.Append("<td data-label=\"").Append(label).Append('"');
        if (cssClass is not null) body.Append(" class=\"").Append(cssClass).Append('"');
        body.Append("><div>").Append(html).Append("</div></td>");
    }

    private static string NextDue(HostStatus h, DateTimeOffset now, TimeZoneInfo zone) => h switch
    {
        { State: HostState.Disabled } => "<span class=\"muted\">disabled</span>",
        { Running: not null } => "<span class=\"muted\">running</span>",
        { NextDue: { } due } when due <= now => "now",
        { NextDue: { } due } => PageFormat.TimeWithAge(due, now, zone),
        _ => "–",
    };
}
