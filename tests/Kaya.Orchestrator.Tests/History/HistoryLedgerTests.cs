using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Lifecycle;
using Kaya.Server.Repository;

namespace Kaya.Orchestrator.Tests.History;

/// <summary>The history's ledger table (schema 3): one row per snapshot, the first arrival kept.</summary>
public sealed class HistoryLedgerTests : IDisposable
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-28T01:00:00Z");
    private static readonly string Id = new('a', 64);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string DbPath => _folder.Combine(".kaya", "history.db");

    [Fact]
    public async Task A_second_arrival_of_a_snapshot_does_not_redate_it()
    {
        var history = await HistoryStore.OpenAsync(DbPath);
        var ledger = new HistorySnapshotLedger(history);

        await ledger.RecordAsync(new SnapshotCommit(new RepositoryPath(["www1"]), new ObjectId(Id), T0, "7", 512, "SHA256:abc"), CancellationToken.None);
        await ledger.RecordAsync(new SnapshotCommit(new RepositoryPath(["www1"]), new ObjectId(Id), T0.AddDays(1), "8", 512, "SHA256:def"), CancellationToken.None);

        var row = Assert.Single(await history.ListArrivalsAsync("www1"));
        Assert.Equal(new LedgerRecord { Repository = "www1", SnapshotId = Id, Arrival = T0, RunId = "7", HostKeyFingerprint = "SHA256:abc", Size = 512 }, row);
    }

    [Fact]
    public async Task Rows_are_per_repository_oldest_arrival_first_and_keep_their_source()
    {
        var history = await HistoryStore.OpenAsync(DbPath);
        var later = new LedgerRecord { Repository = "www1", SnapshotId = new string('b', 64), Arrival = T0.AddHours(1), Size = 1 };
        var legacy = new LedgerRecord { Repository = "www1", SnapshotId = Id, Arrival = T0, Size = 2, Source = ArrivalSource.Mtime };

        Assert.True(await history.RecordArrivalAsync(later));
        Assert.True(await history.RecordArrivalAsync(legacy));
        Assert.False(await history.RecordArrivalAsync(legacy with { Arrival = T0.AddYears(1) }));
        await history.RecordArrivalAsync(later with { Repository = "db1" });

        Assert.Equal([legacy, later], await history.ListArrivalsAsync("www1"));
        Assert.Single(await history.ListArrivalsAsync("db1"));
    }

    [Fact]
    public async Task A_schema_2_database_gains_the_ledger_table_and_keeps_its_runs()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DbPath)!);
        // Schema 2 as a kaya before the ledger table left it: runs and scrubs, user_version 2.
        (await Programs.RunAsync("sqlite3", [DbPath,
            "CREATE TABLE runs (id INTEGER PRIMARY KEY, host TEXT NOT NULL); CREATE TABLE host_states (host TEXT PRIMARY KEY);" +
            "CREATE TABLE scrubs (id INTEGER PRIMARY KEY); INSERT INTO runs (host) VALUES ('www1'); PRAGMA user_version=2;"])).EnsureSuccess("sqlite3");

        var history = await HistoryStore.OpenAsync(DbPath);
        await history.RecordArrivalAsync(new LedgerRecord { Repository = "www1", SnapshotId = Id, Arrival = T0, Size = 3 });

        var check = await Programs.RunAsync("sqlite3", [DbPath, "PRAGMA user_version; SELECT COUNT(*) FROM runs; SELECT snapshot_id, source FROM ledger;"]);
        Assert.Equal($"{HistoryStore.SchemaVersion}\n1\n{Id}|ledger\n", check.Stdout);
    }
}
