using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Lifecycle;
using Kaya.Orchestrator.Tests.Support;

namespace Kaya.Orchestrator.Tests.Lifecycle;

/// <summary>
/// The one place that turns (kaya.conf, HOST) into the backup host's restic arguments: the folder under backup_root,
/// or the host's prefix in the bucket (restic 0.14's s3 location), with the kept password under backup_root either way.
/// </summary>
public sealed class ResticRepositoryTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static KayaConfig Config(string lines) => KayaConfigParser.Parse($"backup_root=/srv/kaya\n{lines}", "kaya.conf");

    private static string Id(int n) => $"{n:d2}".PadRight(64, 'a');

    [Fact]
    public void On_the_file_system_restic_opens_backup_root_host_with_its_kept_password()
    {
        var repository = ResticRepository.For(Config(""), "www1");

        Assert.Equal(["-r", "/srv/kaya/www1", "--password-file", "/srv/kaya/www1/repo-password-keep"], repository.GlobalArguments());
        Assert.False(repository.InBucket);
    }

    [Fact]
    public void In_a_bucket_restic_opens_the_hosts_prefix_at_the_endpoint_with_the_region_and_the_password_from_backup_root()
    {
        var repository = ResticRepository.For(Config("storage=s3://kaya-backups/fleet/\ns3_endpoint=http://rgw.example:7480/\ns3_region=eu-central-1\n"), "db1.example.org");

        Assert.Equal(["-r", "s3:http://rgw.example:7480/kaya-backups/fleet/db1.example.org", "-o", "s3.region=eu-central-1",
            "--password-file", "/srv/kaya/db1.example.org/repo-password-keep"], repository.GlobalArguments());
        Assert.True(repository.InBucket);
        Assert.Equal(["-r", "s3:http://rgw.example:7480/kaya-backups/fleet/db1.example.org", "-o", "s3.region=eu-central-1",
            "--password-file", "/srv/kaya/db1.example.org/repo-password-keep", "snapshots", "--json"],
            ResticPassthrough.Arguments(repository, "snapshots", ["--json"]));
    }

    [Fact]
    public void A_bucket_without_a_prefix_an_endpoint_or_a_region_is_opened_at_the_bucket_root_on_aws_leaving_the_region_to_restic()
    {
        var repository = ResticRepository.For(Config("storage=s3://kaya-backups\n"), "www1");

        Assert.Equal(["-r", "s3:s3.amazonaws.com/kaya-backups/www1", "--password-file", "/srv/kaya/www1/repo-password-keep"], repository.GlobalArguments());
    }

    [Fact]
    public async Task A_bucket_repositorys_arrivals_come_from_the_history_and_a_snapshot_without_a_row_is_unknown_never_dated_by_an_mtime()
    {
        var backupRoot = _folder.Combine("root");
        // A stray snapshots/ folder under backup_root/HOST must not date anything: the repository is in the bucket.
        Directory.CreateDirectory(Path.Combine(backupRoot, "www1", "snapshots"));
        File.WriteAllText(Path.Combine(backupRoot, "www1", "snapshots", Id(2)), "s");
        var history = await HistoryStore.OpenAsync(_folder.Combine("history.db"));
        var arrived = DateTimeOffset.Parse("2026-11-28T10:00:00Z");
        await history.RecordArrivalAsync(new LedgerRecord { Repository = "www1", SnapshotId = Id(1), Arrival = arrived, Size = 1 });
        await history.RecordArrivalAsync(new LedgerRecord { Repository = "db1", SnapshotId = Id(2), Arrival = arrived, Size = 1 });
        var repository = ResticRepository.For(KayaConfigParser.Parse($"backup_root={backupRoot}\nhistory_db={history.Path}\nstorage=s3://kaya-backups/fleet\n", "kaya.conf"), "www1");
        var listed = new[] { 1, 2 }.Select(n => new ResticSnapshot { Id = Id(n), Time = arrived, Hostname = "www1", Paths = ["/"] }).ToList();
        var output = new CollectingOutput();

        // Opened from history_db, as kaya HOST snapshots --arrival and latest do.
        var arrivals = await ArrivalForget.LoadArrivalsAsync(repository, listed, write: true, output, CancellationToken.None);

        Assert.Equal([(Id(1), arrived, ArrivalSource.Ledger)], arrivals.Snapshots.Select(s => (s.Id, s.Arrival, s.Source)));
        Assert.Equal([Id(2)], arrivals.Unknown);
        Assert.Contains(output.Stderr, l => l.Contains("has no arrival time", StringComparison.Ordinal) && l.Contains("it is kept", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(backupRoot, "www1", LedgerFile.FileName)));
    }
}
