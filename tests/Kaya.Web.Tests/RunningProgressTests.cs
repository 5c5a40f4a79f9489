using Kaya.Orchestrator.Monitoring;
using Kaya.Orchestrator.Runs;
using Microsoft.Extensions.Time.Testing;

namespace Kaya.Web.Tests;

/// <summary>A run in progress with restic's live status, as the daemon's page and /api/status show it.</summary>
public sealed class RunningProgressTests : IAsyncLifetime
{
    private DemoFleet _fleet = null!;

    public async Task InitializeAsync() => _fleet = await DemoFleet.CreateAsync();

    public Task DisposeAsync()
    {
        _fleet.Dispose();
        return Task.CompletedTask;
    }

    private HistoryFleetSource SourceWith(LiveProgress progress) => new(_fleet.History, () => (_fleet.Config, _fleet.Hosts), _fleet.Time, progress);

    [Fact]
    public async Task The_running_hosts_progress_shows_on_the_page_the_host_page_and_in_the_json()
    {
        var progress = new LiveProgress(_fleet.Time);
        progress.Tee(DemoFleet.Running, new Discard()).Progress(new ResticProgress(0.425, 1288490188, 3032481792, 1200, 5000, 192));

        var snapshot = await SourceWith(progress).GetSnapshotAsync(CancellationToken.None);

        const string Shown = "<span class=\"progress\" data-percent=\"42.5\"><b>42.5%</b> · 1.2 GiB of 2.8 GiB · 1200 of 5000 files · ETA 3 min</span>";
        Assert.Contains($"{DemoFleet.Running}</a>: started 12 min ago by cli · {Shown}</li>", FleetPage.Render(snapshot));
        var host = snapshot.Hosts.Single(h => h.Host == DemoFleet.Running);
        Assert.Contains(Shown, HostPage.Render(host, [], snapshot));
        var json = StatusJson.Status(snapshot.Hosts, [], snapshot.GeneratedAt).Hosts.Single(h => h.Host == DemoFleet.Running).Progress;
        Assert.Equal(new ProgressJson { PercentDone = 42.5, DoneBytes = 1288490188, TotalBytes = 3032481792, DoneFiles = 1200, TotalFiles = 5000, RemainingSeconds = 192, UpdatedAt = "2026-11-29T08:00:00Z" }, json);
        Assert.All(snapshot.Hosts.Where(h => h.Host != DemoFleet.Running), h => Assert.Null(h.Progress));
    }

    [Fact]
    public async Task A_status_from_before_the_run_started_is_not_shown_as_its_progress()
    {
        // Reported 13 minutes ago: by the run before the one that started 12 minutes ago.
        var progress = new LiveProgress(new FakeTimeProvider(DemoFleet.Now.AddMinutes(-13)));
        progress.Tee(DemoFleet.Running, new Discard()).Progress(new ResticProgress(1, 10, 10, 1, 1, 0));

        var snapshot = await SourceWith(progress).GetSnapshotAsync(CancellationToken.None);

        Assert.Null(snapshot.Hosts.Single(h => h.Host == DemoFleet.Running).Progress);
        Assert.DoesNotContain("class=\"progress\"", FleetPage.Render(snapshot));
    }

    private sealed class Discard : IBackupOutput
    {
        public void Out(string line) { }
        public void Error(string line) { }
    }
}
