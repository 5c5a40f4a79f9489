using Microsoft.Playwright;

namespace Kaya.Web.Tests;

/// <summary>The pages in a real browser: rows, order, badges, ages, plots, a phone's width, and the screenshots in docs/.</summary>
public sealed class StatusPageBrowserTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private DemoFleet _fleet = null!;
    private StatusServer _server = null!;

    public async Task InitializeAsync()
    {
        _fleet = await DemoFleet.CreateAsync();
        _server = await StatusServer.StartAsync(new StatusServerOptions { Listen = new(System.Net.IPAddress.Loopback, 0), Source = _fleet.Source });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _fleet.Dispose();
    }

    [Fact]
    public async Task Fleet_page_lists_every_host_with_failing_and_stale_first_and_their_badges_and_ages()
    {
        var page = await OpenAsync("/");
        var rows = page.Locator("table.fleet tbody tr");
        var hosts = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.host)");
        Assert.Equal([DemoFleet.Failing, DemoFleet.Stale, DemoFleet.Running, DemoFleet.Never, DemoFleet.Ok, DemoFleet.OkSmall, DemoFleet.Disabled], hosts);

        var badges = await page.Locator("table.fleet tbody tr td[data-label=State] .badge").AllInnerTextsAsync();
        Assert.Equal(["failing", "stale", "running", "never", "ok", "ok", "disabled"], badges);
        // The badge is coloured by the hashed style sheet (CSP let it in), and its word reads without colour.
        var failingColour = await page.Locator($"tr[data-host='{DemoFleet.Failing}'] .badge").EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor");
        Assert.Equal("rgb(255, 235, 233)", failingColour);

        Assert.Equal("4 d ago", await AgeAsync(page, DemoFleet.Stale));
        Assert.Equal("31 h ago", await AgeAsync(page, DemoFleet.Failing));
        Assert.Equal("never", (await page.Locator($"tr[data-host='{DemoFleet.Never}'] td[data-label='Last success']").InnerTextAsync()).Trim());
        Assert.Contains(DemoFleet.FailingReason, await page.Locator($"tr[data-host='{DemoFleet.Failing}'] td[data-label=Reason]").InnerTextAsync());

        var summary = await page.Locator("#summary").InnerTextAsync();
        Assert.Contains("2 ok", summary);
        Assert.Contains("1 stale", summary);
        Assert.Contains("1 failing", summary);
        Assert.Contains($"{DemoFleet.Running}: started 12 min ago", await page.Locator("#running").InnerTextAsync());
    }

    [Fact]
    public async Task Sort_links_order_the_table_without_script_and_a_second_click_reverses()
    {
        var page = await OpenAsync("/");
        await page.Locator("th a", new() { HasTextString = "Size" }).ClickAsync();
        Assert.Contains("sort=size&order=asc", page.Url);
        var ascending = await page.Locator("table.fleet tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.host)");
        // Smallest first; the host with no size last.
        Assert.Equal(DemoFleet.OkSmall, ascending[0]);
        Assert.Equal(DemoFleet.Never, ascending[^1]);

        await page.Locator("th a", new() { HasTextString = "Size" }).ClickAsync();
        Assert.Contains("order=desc", page.Url);
        var descending = await page.Locator("table.fleet tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.host)");
        Assert.Equal(DemoFleet.Stale, descending[0]);
        Assert.Equal(DemoFleet.Never, descending[^1]);
    }

    [Fact]
    public async Task Host_page_plots_one_point_per_measured_run_of_90_days_and_marks_each_failure()
    {
        var runs = await _fleet.History.ListRunsAsync(DemoFleet.Ok, 5000);
        var window = runs.Where(r => r.Started >= DemoFleet.Now - HostPage.PlotWindow).ToList();
        var measured = window.Count(r => r.RepositoryBytes is not null);
        var failed = window.Count(r => r.Outcome is Orchestrator.History.RunOutcome.TransportFailed);
        Assert.Equal(2, failed);
        Assert.True(runs.Count > window.Count, "the demo has runs older than the window, which must not be drawn");

        var page = await OpenAsync("/");
        await page.Locator($"tr[data-host='{DemoFleet.Ok}'] a").ClickAsync();
        Assert.EndsWith($"/host/{DemoFleet.Ok}", page.Url);

        var size = page.Locator("svg[data-plot=repository-size]");
        Assert.Equal(measured, await size.Locator("circle.point").CountAsync());
        Assert.Equal(failed, await size.Locator("path.failure").CountAsync());
        Assert.Contains("Repository size (GiB)", await page.Locator("#repository-size figcaption").InnerTextAsync());
        Assert.Contains("failed run (2)", await size.TextContentAsync());
        Assert.Equal(measured, await page.Locator("svg[data-plot=bytes-added] rect.point").CountAsync());
        Assert.Equal(window.Count(r => r.Outcome is Orchestrator.History.RunOutcome.Succeeded), await page.Locator("svg[data-plot=duration] circle.point").CountAsync());
        // The failure's reason is in its marker's tooltip.
        Assert.Contains("Connection timed out", await size.Locator("path.failure title").First.TextContentAsync());

        var outcomes = await page.Locator("table.runs tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.outcome)");
        Assert.Equal(HostPage.TableRuns, outcomes.Length);
        Assert.Equal("succeeded", outcomes[0]);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/host/" + DemoFleet.Ok)]
    [InlineData("/host/" + DemoFleet.Failing)]
    public async Task Nothing_overflows_a_400_pixel_wide_window(string path)
    {
        var page = await OpenAsync(path, width: 400);
        var (scrollWidth, innerWidth) = (await page.EvaluateAsync<int>("document.scrollingElement.scrollWidth"), await page.EvaluateAsync<int>("innerWidth"));
        Assert.True(scrollWidth <= innerWidth, $"{path}: the page is {scrollWidth} px wide in a {innerWidth} px window");
    }

    [Fact]
    public async Task Static_page_from_kaya_status_html_opens_from_a_file_styled_under_its_own_policy()
    {
        using var folder = new TempFolder();
        var file = folder.Combine("status.html");
        await StaticPage.WriteAsync(file, await _fleet.Source.GetSnapshotAsync(CancellationToken.None));
        var page = await chromium.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        await page.GotoAsync(new Uri(file).ToString());
        Assert.Empty(errors);
        Assert.Equal(7, await page.Locator("table.fleet tbody tr").CountAsync());
        Assert.Equal("rgb(255, 248, 197)", await page.Locator($"tr[data-host='{DemoFleet.Stale}'] .badge").EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor"));
    }

    [Fact]
    public async Task Printed_page_keeps_every_host_and_the_plots()
    {
        var page = await OpenAsync("/host/" + DemoFleet.Ok);
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await page.Locator("nav").IsVisibleAsync());
        Assert.True(await page.Locator("svg[data-plot=repository-size]").IsVisibleAsync());
        var pdf = await page.PdfAsync(new() { Format = "A4" });
        Assert.Equal("%PDF"u8.ToArray(), pdf[..4]);
    }

    /// <summary>
    /// The README's screenshots, from the demo fleet. Written to docs/ when KAYA_SCREENSHOTS names that folder
    /// (<c>KAYA_SCREENSHOTS=$PWD/docs dotnet test tests/Kaya.Web.Tests --filter Screenshots</c>), else to a temporary folder.
    /// </summary>
    [Fact]
    public async Task Screenshots_of_each_page_are_PNG_images()
    {
        using var temporary = new TempFolder();
        var folder = Environment.GetEnvironmentVariable("KAYA_SCREENSHOTS") is { Length: > 0 } given ? given : temporary.Path;
        var shots = new (string Path, string File, int Width)[]
        {
            ("/", "status-page.png", 1280),
            ("/host/" + DemoFleet.Ok, "status-host.png", 1280),
            ("/", "status-phone.png", 400),
        };
        foreach (var (path, file, width) in shots)
        {
            // The host page's runs table goes on for 50 rows: its top (plots and first runs) is the picture.
            var page = await OpenAsync(path, width, height: path == "/" ? 600 : 1000);
            var png = await page.ScreenshotAsync(new() { Path = Path.Combine(folder, file), FullPage = path == "/" });
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        }
    }

    private async Task<IPage> OpenAsync(string path, int width = 1280, int height = 900)
    {
        var page = await chromium.NewPageAsync(width, height);
        var violations = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") violations.Add(message.Text); };
        var response = await page.GotoAsync(new Uri(_server.Url, path).ToString());
        Assert.Equal(200, response!.Status);
        // A blocked style or any other refused resource shows as a console error.
        Assert.Empty(violations);
        return page;
    }

    private static async Task<string> AgeAsync(IPage page, string host) =>
        (await page.Locator($"tr[data-host='{host}'] td[data-label='Last success'] time").InnerTextAsync()).Trim();
}
