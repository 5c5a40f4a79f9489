using System.Net;
using Kaya.Orchestrator.History;

namespace Kaya.Web.Tests;

/// <summary>The header line's last scrub result, read from the history's scrubs by the page and by <c>kaya status --html</c>.</summary>
public sealed class LastScrubTests : IAsyncLifetime
{
    private const string Damaged = "<span data-scrub=\"damaged\">last scrub 2 h ago: <b>" + DemoFleet.Failing + ": 3 problems (2 corrupt); 1 of 2 repositories clean</b></span>";
    private DemoFleet _fleet = null!;

    public async Task InitializeAsync()
    {
        _fleet = await DemoFleet.CreateAsync();
        await _fleet.History.RecordScrubAsync(new ScrubRecord(DemoFleet.Ok, DemoFleet.Now.AddDays(-3), DemoFleet.Now.AddDays(-3).AddHours(1), true, 40, 1 << 30, 0, 0, "{}"));
        await _fleet.History.RecordScrubAsync(new ScrubRecord(DemoFleet.Failing, DemoFleet.Now.AddHours(-4), DemoFleet.Now.AddHours(-2), true, 12, 1 << 20, 2, 3, "{}"));
    }

    public Task DisposeAsync()
    {
        _fleet.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_page_header_shows_the_newest_scrub_and_the_damage_the_hosts_last_scrubs_found()
    {
        await using var server = await StatusServer.StartAsync(new StatusServerOptions { Source = _fleet.Source, Listen = new(IPAddress.Loopback, 0) });
        using var http = new HttpClient();

        var page = await http.GetStringAsync($"http://127.0.0.1:{server.Endpoint.Port}/");

        Assert.Contains(Damaged, page);
    }

    [Fact]
    public async Task Kaya_status_html_shows_the_last_scrub_too()
    {
        using var folder = new TempFolder();
        var file = folder.Combine("status.html");

        var (exitCode, _, stderr) = await KayaCli.RunAsync("status", "-c", _fleet.ConfigPath, "--html", file);

        Assert.True(exitCode == 1, stderr); // a failing and a stale host
        // The CLI measures the age on the real clock: compare what does not depend on now.
        Assert.Contains("<span data-scrub=\"damaged\">last scrub ", File.ReadAllText(file));
        Assert.Contains(": <b>" + DemoFleet.Failing + ": 3 problems (2 corrupt); 1 of 2 repositories clean</b></span>", File.ReadAllText(file));
    }

    [Fact]
    public void Clean_last_scrubs_read_as_no_damage_and_an_interrupted_one_as_to_resume()
    {
        var t = DemoFleet.Now;
        ScrubRecord Clean(string host, bool completed) => new(host, t.AddHours(-1), t, completed, 1, 1, 0, 0, "{}");

        Assert.Null(FleetScrub.Summarize([]));
        Assert.Equal(new ScrubSummary(t, true, "1 repository, no damage"), FleetScrub.Summarize([Clean("a", true)]));
        Assert.Equal(new ScrubSummary(t, true, "2 repositories, no damage (1 scrub to resume)"), FleetScrub.Summarize([Clean("a", true), Clean("b", false)]));
    }
}
