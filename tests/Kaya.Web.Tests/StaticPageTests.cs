using System.Runtime.CompilerServices;
using Kaya.Orchestrator.History;

namespace Kaya.Web.Tests;

/// <summary><c>kaya status --html FILE</c>: the fleet page as a file, compared with a reviewed snapshot.</summary>
public sealed class StaticPageTests : IAsyncLifetime
{
    private DemoFleet _fleet = null!;

    public async Task InitializeAsync() => _fleet = await DemoFleet.CreateAsync();

    public Task DisposeAsync()
    {
        _fleet.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>
    /// The demo fleet's page, byte for byte (the version in the footer aside). After a deliberate change, review
    /// the difference and rewrite it: <c>KAYA_UPDATE_SNAPSHOTS=1 dotnet test tests/Kaya.Web.Tests --filter Static_page</c>.
    /// </summary>
    [Fact]
    public async Task Static_page_of_the_demo_fleet_matches_its_snapshot()
    {
        using var folder = new TempFolder();
        var file = folder.Combine("status.html");
        await StaticPage.WriteAsync(file, await _fleet.Source.GetSnapshotAsync(CancellationToken.None));
        var actual = File.ReadAllText(file).Replace($"by kaya {KayaVersion.Current}.", "by kaya VERSION.", StringComparison.Ordinal);
        var expectedPath = SnapshotPath();
        if (Environment.GetEnvironmentVariable("KAYA_UPDATE_SNAPSHOTS") == "1") File.WriteAllText(expectedPath, actual);
        Assert.Equal(File.ReadAllText(expectedPath), actual);
        Assert.DoesNotContain("href=", actual, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task Kaya_status_html_writes_the_page_and_exits_as_kaya_status_does()
    {
        using var folder = new TempFolder();
        var file = folder.Combine("status.html");
        File.WriteAllText(file, "the previous page");
        var (exitCode, stdout, stderr) = await KayaCli.RunAsync("status", "-c", _fleet.ConfigPath, "--html", file);
        Assert.Equal(1, exitCode); // a failing and a stale host, as without --html
        Assert.Equal("", stdout);
        Assert.Equal("", stderr);
        var page = File.ReadAllText(file);
        foreach (var host in new[] { DemoFleet.Ok, DemoFleet.OkSmall, DemoFleet.Failing, DemoFleet.Stale, DemoFleet.Never, DemoFleet.Running, DemoFleet.Disabled })
            Assert.Contains($"data-host=\"{host}\"", page);
        Assert.Contains("<span class=\"badge failing\">failing</span>", page);
        Assert.Equal(["status.html"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Kaya_status_html_into_a_missing_folder_names_the_file()
    {
        using var folder = new TempFolder();
        var file = folder.Combine("no-such-folder", "status.html");
        var (exitCode, _, stderr) = await KayaCli.RunAsync("status", "-c", _fleet.ConfigPath, "--html", file);
        Assert.Equal(1, exitCode);
        Assert.StartsWith($"kaya: {file}: cannot write the status page", stderr);
    }

    private static string SnapshotPath([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "Snapshots", "status.html");
}
