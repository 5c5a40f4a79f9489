using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Lifecycle;
using Kaya.Orchestrator.Tests.Support;
using static Kaya.Orchestrator.Tests.Lifecycle.RetentionFixtures;

namespace Kaya.Orchestrator.Tests.Lifecycle;

public sealed class LedgerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static LedgerRecord Record(int n, DateTimeOffset arrival, ArrivalSource source = ArrivalSource.Ledger) => new()
    {
        Repository = "www1",
        SnapshotId = Id('a', n),
        Arrival = arrival,
        RunId = source == ArrivalSource.Ledger ? "run-1" : null,
        HostKeyFingerprint = source == ArrivalSource.Ledger ? "SHA256:abc" : null,
        Size = 321,
        Source = source,
    };

    [Fact]
    public void A_record_is_one_line_of_json_with_the_arrival_in_rfc3339_utc()
    {
        var line = LedgerFile.Format(Record(1, new DateTimeOffset(2026, 11, 30, 12, 20, 1, TimeSpan.FromHours(2)).AddTicks(5)));

        Assert.Equal($"{{\"repository\":\"www1\",\"snapshot\":\"{Id('a', 1)}\",\"arrival\":\"2026-11-30T10:20:01.0000005Z\",\"run\":\"run-1\",\"host_key\":\"SHA256:abc\",\"size\":321,\"source\":\"ledger\"}}", line);
    }

    [Fact]
    public void A_legacy_record_says_mtime_and_has_no_run()
    {
        var line = LedgerFile.Format(Record(1, Utc(11, 1, 2), ArrivalSource.Mtime));

        Assert.Equal($"{{\"repository\":\"www1\",\"snapshot\":\"{Id('a', 1)}\",\"arrival\":\"2026-11-01T02:00:00Z\",\"size\":321,\"source\":\"mtime\"}}", line);
        Assert.Equal(ArrivalSource.Mtime, LedgerFile.Parse(line)!.Source);
    }

    [Fact]
    public async Task Appended_records_read_back_and_a_torn_line_is_named_not_fatal()
    {
        var path = _folder.Combine(LedgerFile.FileName);
        await LedgerFile.AppendAsync(path, Record(1, Utc(11, 1, 2)), CancellationToken.None);
        await LedgerFile.AppendAsync(path, Record(2, Utc(11, 2, 2)), CancellationToken.None);
        await LedgerFile.AppendAsync(path, Record(1, Utc(11, 3, 2)), CancellationToken.None);
        await File.AppendAllTextAsync(path, "{\"repository\":\"www1\",\"snap");

        var contents = await LedgerFile.ReadAsync(path, CancellationToken.None);

        Assert.Equal([(Id('a', 1), Utc(11, 1, 2)), (Id('a', 2), Utc(11, 2, 2))], contents.Records.Select(r => (r.SnapshotId, r.Arrival)));
        Assert.Equal([$"{path}:4: not a ledger record, skipped"], contents.Problems);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task A_missing_ledger_is_empty()
    {
        var contents = await LedgerFile.ReadAsync(_folder.Combine("none"), CancellationToken.None);

        Assert.Empty(contents.Records);
        Assert.Empty(contents.Problems);
    }

    [Fact]
    public void Legacy_arrivals_are_the_snapshot_files_mtimes()
    {
        var repository = _folder.Combine("www1");
        Directory.CreateDirectory(Path.Combine(repository, "snapshots"));
        File.WriteAllText(Path.Combine(repository, "snapshots", Id('a', 1)), "12345");
        File.SetLastWriteTimeUtc(Path.Combine(repository, "snapshots", Id('a', 1)), Utc(11, 5, 2, 7).UtcDateTime);
        File.WriteAllText(Path.Combine(repository, "snapshots", "stray"), "");

        var record = Assert.Single(LegacyArrivals.Read(repository));

        Assert.Equal(("www1", Id('a', 1), Utc(11, 5, 2, 7), 5L, ArrivalSource.Mtime, (string?)null), (record.Repository, record.SnapshotId, record.Arrival, record.Size, record.Source, record.RunId));
    }

    [Fact]
    public void A_ledger_arrival_wins_over_an_mtime_and_unknown_snapshots_are_set_aside()
    {
        var arrivals = ArrivalTimes.Resolve([Record(1, Utc(11, 9, 9), ArrivalSource.Mtime), Record(1, Utc(11, 1, 2)), Record(2, Utc(11, 2, 2), ArrivalSource.Mtime)]);
        var restic = ResticSnapshot.ParseList($$"""
            [{"time":"2026-12-24T03:00:00+01:00","hostname":"www1","paths":["/etc"],"id":"{{Id('a', 1)}}","short_id":"a0010000"},
             {"time":"2026-11-02T01:59:00Z","hostname":"www1","paths":["/etc"],"id":"{{Id('a', 2)}}"},
             {"time":"2026-11-03T01:59:00Z","hostname":"www1","paths":["/etc"],"id":"{{Id('a', 3)}}"}]
            """);

        var joined = ArrivalTimes.Join(restic, arrivals, out var unknown);

        Assert.Equal([(Id('a', 1), Utc(11, 1, 2), ArrivalSource.Ledger), (Id('a', 2), Utc(11, 2, 2), ArrivalSource.Mtime)], joined.Select(s => (s.Id, s.Arrival, s.Source)));
        Assert.Equal(new DateTimeOffset(2026, 12, 24, 3, 0, 0, TimeSpan.FromHours(1)), joined[0].ClientTime);
        Assert.Equal(TimeSpan.FromHours(1), joined[0].ClientTime.Offset);
        Assert.Equal("www1\n/etc", joined[0].Group);
        Assert.Equal([Id('a', 3)], unknown);
    }

    [Fact]
    public async Task A_repository_joins_its_ledger_with_mtimes_for_what_the_ledger_lacks()
    {
        var repository = _folder.Combine("www1");
        Directory.CreateDirectory(Path.Combine(repository, "snapshots"));
        foreach (var n in new[] { 1, 2 })
        {
            File.WriteAllText(Path.Combine(repository, "snapshots", Id('a', n)), "s");
            File.SetLastWriteTimeUtc(Path.Combine(repository, "snapshots", Id('a', n)), Utc(11, 20, 9).UtcDateTime);
        }
        await LedgerFile.AppendAsync(Path.Combine(repository, LedgerFile.FileName), Record(1, Utc(11, 1, 2)), CancellationToken.None);
        var restic = new[] { 1, 2 }.Select(n => new ResticSnapshot { Id = Id('a', n), Time = Utc(11, n, 2), Hostname = "www1", Paths = ["/"] });

        var result = await RepositoryArrivals.LoadAsync(ResticRepository.InFolder(repository), restic, CancellationToken.None);

        Assert.Equal([(Id('a', 1), Utc(11, 1, 2), ArrivalSource.Ledger), (Id('a', 2), Utc(11, 20, 9), ArrivalSource.Mtime)], result.Snapshots.Select(s => (s.Id, s.Arrival, s.Source)));
        Assert.Equal([Id('a', 2)], result.NewLegacyRecords.Select(r => r.SnapshotId));
        Assert.Empty(result.Unknown);
    }

    [Fact]
    public async Task Legacy_arrivals_reach_the_history_table_as_they_reach_the_ledger_file_and_a_read_writes_neither()
    {
        var repository = _folder.Combine("www1");
        Directory.CreateDirectory(Path.Combine(repository, "snapshots"));
        foreach (var n in new[] { 1, 2, 3 })
        {
            File.WriteAllText(Path.Combine(repository, "snapshots", Id('a', n)), "s");
            File.SetLastWriteTimeUtc(Path.Combine(repository, "snapshots", Id('a', n)), Utc(11, 20, n).UtcDateTime);
        }
        var ledger = Path.Combine(repository, LedgerFile.FileName);
        // 1 arrived through kaya; 2's mtime went into the file alone (an earlier kaya); 3 is seen for the first time.
        await LedgerFile.AppendAsync(ledger, Record(1, Utc(11, 1, 2)), CancellationToken.None);
        await LedgerFile.AppendAsync(ledger, Record(2, Utc(11, 20, 2), ArrivalSource.Mtime) with { Size = 1 }, CancellationToken.None);
        var history = await HistoryStore.OpenAsync(_folder.Combine(".kaya", "history.db"));
        var restic = new[] { 1, 2, 3 }.Select(n => new ResticSnapshot { Id = Id('a', n), Time = Utc(11, n, 2), Hostname = "www1", Paths = ["/"] }).ToList();

        await ArrivalForget.LoadArrivalsAsync(ResticRepository.InFolder(repository), restic, write: false, new CollectingOutput(), CancellationToken.None, history);
        Assert.Empty(await history.ListArrivalsAsync("www1"));

        await ArrivalForget.LoadArrivalsAsync(ResticRepository.InFolder(repository), restic, write: true, new CollectingOutput(), CancellationToken.None, history);
        var file = (await LedgerFile.ReadAsync(ledger, CancellationToken.None)).Records;
        Assert.Equal([Id('a', 1), Id('a', 2), Id('a', 3)], file.Select(r => r.SnapshotId));
        Assert.Equal(file.Where(r => r.Source == ArrivalSource.Mtime), await history.ListArrivalsAsync("www1"));

        // A second forget adds nothing to either.
        await ArrivalForget.LoadArrivalsAsync(ResticRepository.InFolder(repository), restic, write: true, new CollectingOutput(), CancellationToken.None, history);
        Assert.Equal(3, (await LedgerFile.ReadAsync(ledger, CancellationToken.None)).Records.Count);
        Assert.Equal(2, (await history.ListArrivalsAsync("www1")).Count);
    }
}
