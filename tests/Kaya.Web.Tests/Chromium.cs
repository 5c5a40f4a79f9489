using Microsoft.Playwright;

namespace Kaya.Web.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright, one browser per test class. Playwright's node driver ships inside the
/// NuGet package; no browser is ever downloaded (the skip variable makes sure of it).
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    /// <summary>apt-get install chromium puts it here.</summary>
    public const string Path = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Path)) throw new InvalidOperationException($"{Path} is missing: apt-get install chromium (.ci/run installs it)");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,
            // No sandbox: tests run as root in CI. The rest keep Chromium off the network and quiet.
            Args = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A fresh page (own context: no shared cookies or credentials) of the given viewport width.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900, HttpCredentials? credentials = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            HttpCredentials = credentials,
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
