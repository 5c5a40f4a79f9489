using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Fleet;
using Kaya.Orchestrator.History;
using Microsoft.Extensions.Time.Testing;

namespace Kaya.Web.Tests;

/// <summary>
/// A fleet of seven hosts with 90 days of history, written through the real <see cref="HistoryStore"/>: one per
/// state (ok ×2, stale, failing, running, never, disabled), on a fake clock, the same every time (seeded numbers),
/// so the pages, the screenshots and the HTML snapshot are reproducible.
/// </summary>
public sealed class DemoFleet : IDisposable
{
    /// <summary>The fake "now": a morning after the nightly runs.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    public const string Ok = "db1.example.com", OkSmall = "www1.example.com", Failing = "mail.example.com", Stale = "files.example.com",
        Never = "new.example.com", Running = "build.example.com", Disabled = "old.example.com";

    /// <summary>The failing host's last reason.</summary>
    public const string FailingReason = "ssh: connect to host mail.example.com port 22: Connection refused";

    private readonly TempFolder _folder;

    private DemoFleet(TempFolder folder, HistoryStore history, FakeTimeProvider time, KayaConfig config, IReadOnlyList<HostConfig> hosts)
    {
        _folder = folder;
        History = history;
        Time = time;
        Config = config;
        Hosts = hosts;
    }

    public HistoryStore History { get; }
    public FakeTimeProvider Time { get; }
    public KayaConfig Config { get; }
    public IReadOnlyList<HostConfig> Hosts { get; }

    public IFleetSource Source => new HistoryFleetSource(History, () => (Config, Hosts), Time);

    public static async Task<DemoFleet> CreateAsync()
    {
        var folder = new TempFolder("kaya-web-");
        var root = Path.Combine(folder.Path, "backups");
        var hostsDir = Path.Combine(folder.Path, "hosts.d");
        Directory.CreateDirectory(root);
        Directory.CreateDirectory(hostsDir);
        var config = new KayaConfig { BackupRoot = root, HostsDir = hostsDir };
        // Written as files too, so the CLI reads the same fleet.
        File.WriteAllText(Path.Combine(folder.Path, "kaya.conf"), $"backup_root={root}\nhosts_dir={hostsDir}\n");
        foreach (var name in new[] { Ok, OkSmall, Failing, Stale, Never, Running, Disabled })
            File.WriteAllText(Path.Combine(hostsDir, name + ".conf"), name == Disabled ? "enabled=no\n" : "interval=24h\n");
        var hosts = HostsDirectory.Load(hostsDir);
        var history = await HistoryStore.OpenAsync(config.HistoryDb);
        var fleet = new DemoFleet(folder, history, new FakeTimeProvider(Now), config, hosts);
        await fleet.SeedAsync();
        return fleet;
    }

    public string ConfigPath => Path.Combine(_folder.Path, "kaya.conf");

    private async Task SeedAsync()
    {
        var random = new Random(13);
        // 90 nightly runs, growing from 40 GiB, with two transport failures the next night mended.
        await NightlyAsync(Ok, days: 95, startBytes: 40L << 30, dailyAdded: 150L << 20, minutes: 11, random, failOn: [30, 61]);
        await NightlyAsync(OkSmall, days: 60, startBytes: 3L << 30, dailyAdded: 12L << 20, minutes: 2, random, failOn: []);
        // Failing: fine until last night, then refused, and refused again at the daemon's retries 1 h and 2 h later.
        await NightlyAsync(Failing, days: 80, startBytes: 18L << 30, dailyAdded: 60L << 20, minutes: 6, random, failOn: [], skipLast: 1);
        foreach (var hours in new[] { 0, 1, 3 })
        {
            var started = Night(0).AddHours(hours).AddMinutes(5);
            await History.RecordAsync(new RunRecord
            {
                Host = Failing, Trigger = RunTrigger.Daemon, Started = started, Ended = started.AddSeconds(31), Duration = TimeSpan.FromSeconds(31),
                Outcome = RunOutcome.TransportFailed, KayaExitCode = 21, Reason = FailingReason,
            });
        }
        // Stale: the last success four days ago, nothing since (the daemon was told to skip it, or cron was lost).
        await NightlyAsync(Stale, days: 40, startBytes: 210L << 30, dailyAdded: 900L << 20, minutes: 47, random, failOn: [], skipLast: 4);
        // Running: last night's success, and a run started 12 minutes ago by hand, still in progress.
        await NightlyAsync(Running, days: 30, startBytes: 7L << 30, dailyAdded: 300L << 20, minutes: 4, random, failOn: []);
        await History.BeginAsync(Running, RunTrigger.Cli, Now.AddMinutes(-12), "openssh");
        // Disabled: a host retired a month ago.
        await NightlyAsync(Disabled, days: 70, startBytes: 25L << 30, dailyAdded: 20L << 20, minutes: 9, random, failOn: [], skipLast: 30);
    }

    /// <summary>01:00 local (UTC here) <paramref name="nightsAgo"/> nights before <see cref="Now"/>.</summary>
    public static DateTimeOffset Night(int nightsAgo) => new DateTimeOffset(Now.Date, TimeSpan.Zero).AddHours(1).AddDays(-nightsAgo);

    private async Task NightlyAsync(string host, int days, long startBytes, long dailyAdded, int minutes, Random random, int[] failOn, int skipLast = 0)
    {
        var size = startBytes;
        var snapshots = 0;
        for (var night = days - 1; night >= skipLast; night--)
        {
            var started = Night(night).AddSeconds(random.Next(0, 600));
            var index = days - 1 - night;
            if (failOn.Contains(index))
            {
                await History.RecordAsync(new RunRecord
                {
                    Host = host, Trigger = RunTrigger.Daemon, Started = started, Ended = started.AddSeconds(30), Duration = TimeSpan.FromSeconds(30),
                    Outcome = RunOutcome.TransportFailed, KayaExitCode = 21, Reason = $"ssh: connect to host {host} port 22: Connection timed out", Attempts = 3,
                });
                continue;
            }
            // Weekends add less; some nights a burst (an update, a dump).
            var added = (long)(dailyAdded * (0.4 + random.NextDouble() * (random.Next(10) == 0 ? 4 : 1.2)));
            size += added;
            snapshots++;
            var duration = TimeSpan.FromSeconds(minutes * 60 * (0.8 + random.NextDouble() * 0.5) + added / (40.0 * 1024 * 1024));
            await History.RecordAsync(new RunRecord
            {
                Host = host, Trigger = RunTrigger.Daemon, Started = started, Ended = started + duration, Duration = duration,
                Outcome = RunOutcome.Succeeded, KayaExitCode = 0, ResticExitCode = 0,
                SnapshotId = Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())) + "00000000000000000000000000000000000000000000000",
                FilesNew = random.Next(0, 400), FilesChanged = random.Next(0, 2000), FilesUnmodified = 180_000 + random.Next(0, 5000),
                BytesProcessed = size / 3, BytesAdded = added, Transport = "openssh", RepositoryBytes = size, SnapshotCount = snapshots,
            });
        }
    }

    public void Dispose() => _folder.Dispose();
}
