namespace Kaya.Web.Tests;

/// <summary>The fleet page's header line, from a snapshot, without a server.</summary>
public sealed class FleetPageTests : IAsyncLifetime
{
    private DemoFleet _fleet = null!;

    public async Task InitializeAsync() => _fleet = await DemoFleet.CreateAsync();

    public Task DisposeAsync()
    {
        _fleet.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Header_line_shows_the_last_scrub_and_a_damaged_one_stands_out()
    {
        var snapshot = await _fleet.Source.GetSnapshotAsync(CancellationToken.None);
        var withoutScrub = FleetPage.Render(snapshot);
        Assert.DoesNotContain("data-scrub", withoutScrub);

        var damaged = FleetPage.Render(snapshot with { LastScrub = new ScrubSummary(DemoFleet.Now.AddHours(-5), false, "db1.example.com: 2 packs <damaged>") });
        Assert.Contains("<span data-scrub=\"damaged\">last scrub 5 h ago: <b>db1.example.com: 2 packs &lt;damaged&gt;</b></span>", damaged);
        var healthy = FleetPage.Render(snapshot with { LastScrub = new ScrubSummary(DemoFleet.Now.AddDays(-3), true, "7 repositories, no damage") });
        Assert.Contains("<span data-scrub=\"healthy\">last scrub 3 d ago: 7 repositories, no damage</span>", healthy);
    }

    [Fact]
    public async Task Header_line_counts_states_and_adds_up_the_bytes_stored()
    {
        var snapshot = await _fleet.Source.GetSnapshotAsync(CancellationToken.None);
        var page = FleetPage.Render(snapshot);
        Assert.Contains("<span data-count=\"ok\"><b>2</b> ok</span>", page);
        Assert.Contains("<span data-count=\"disabled\"><b>1</b> disabled</span>", page);
        var stored = snapshot.Hosts.Sum(h => h.RepositoryBytes ?? 0);
        Assert.Contains($"<b>{Orchestrator.ByteText.Format(stored)}</b> stored in {snapshot.Hosts.Sum(h => h.SnapshotCount ?? 0)} snapshots", page);
        Assert.Contains("<title>Backups: 2 ok, 1 stale, 1 failing</title>", page);
    }

    [Theory]
    [InlineData("nonsense", null)]
    [InlineData("<script>", "desc")]
    public void An_unknown_sort_falls_back_to_the_default_order(string key, string? order)
    {
        var sort = FleetSort.Parse(key, order);
        Assert.Equal("state", sort.Key);
        Assert.Equal(order == "desc", sort.Descending);
    }
}
