using Kaya.Orchestrator;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Runs;
using Kaya.Orchestrator.Tests.Support;

namespace Kaya.Orchestrator.Tests.History;

public sealed class HistoryStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-28T01:00:00Z");
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string DbPath => _folder.Combine(".kaya", "history.db");

    internal static RunRecord Run(string host, RunOutcome outcome, DateTimeOffset started, TimeSpan? duration = null) => new()
    {
        Host = host,
        Trigger = RunTrigger.Run,
        Started = started,
        Ended = started + (duration ?? TimeSpan.FromMinutes(3)),
        Duration = duration ?? TimeSpan.FromMinutes(3),
        Outcome = outcome,
        KayaExitCode = outcome.IsSuccess() ? 0 : 1,
        Reason = outcome.IsSuccess() ? null : "restic failed",
    };

    [Fact]
    public async Task A_run_keeps_every_field_and_its_log()
    {
        var store = await HistoryStore.OpenAsync(DbPath);
        var run = new RunRecord
        {
            Host = "www1", Trigger = RunTrigger.Daemon, Started = T0, Ended = T0.AddSeconds(95), Outcome = RunOutcome.Incomplete,
            KayaExitCode = 0, ResticExitCode = 3, Reason = "2 files unreadable", SnapshotId = "0123abcd", FilesNew = 1, FilesChanged = 2,
            FilesUnmodified = 3, BytesProcessed = 4096, BytesAdded = 1024, Duration = TimeSpan.FromSeconds(95), Transport = "openssh",
            Attempts = 2, KayaVersion = "9.9.9", RepositoryBytes = 1 << 20, SnapshotCount = 7, Log = "open repository\nsnapshot 0123abcd saved\n",
        };

        var id = await store.RecordAsync(run);

        Assert.Equal(run with { Id = id, Log = null }, await store.GetRunAsync(id));
        Assert.Equal(run.Log, await store.GetLogAsync(id));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(DbPath)!));
    }

    [Fact]
    public async Task Restores_are_listed_with_their_kind_and_never_count_as_the_hosts_backups()
    {
        var store = await HistoryStore.OpenAsync(DbPath);
        var backup = await store.RecordAsync(Run("www1", RunOutcome.Succeeded, T0));
        await store.RecordAsync(Run("www1", RunOutcome.Failed, T0.AddHours(1)) with { Kind = RunKind.Restore });
        await store.BeginAsync("www1", RunTrigger.Cli, T0.AddHours(2), kind: RunKind.Restore);

        var www1 = (await store.GetHostHistoriesAsync())["www1"];
        var listed = await store.ListRunsAsync("www1", 10);

        Assert.Equal((backup, backup, 0), (www1.LastAttempt!.Id, www1.LastSuccess!.Id, www1.FailuresSinceSuccess));
        Assert.Null(www1.LastFailure);
        Assert.Null(www1.Running);
        Assert.Equal([RunKind.Restore, RunKind.Restore, RunKind.Backup], listed.Select(r => r.Kind));
    }

    [Fact]
    public async Task A_result_is_recorded_in_one_call_with_its_outcome_mapped()
    {
        var store = await HistoryStore.OpenAsync(DbPath);
        var result = new BackupResult { Host = "db1", Outcome = BackupOutcome.HostBusy, ExitCode = ExitCodes.HostBusy, Started = T0, Duration = TimeSpan.FromSeconds(1), Failure = "db1: busy" };

        var id = await store.RecordAsync(RunRecord.From(result, RunTrigger.Cli, transport: "openssh"));

        var stored = await store.GetRunAsync(id);
        Assert.Equal(RunOutcome.Busy, stored!.Outcome);
        Assert.Equal(ExitCodes.HostBusy, stored.KayaExitCode);
        Assert.Equal(T0.AddSeconds(1), stored.Ended);
    }

    [Fact]
    public async Task A_begun_run_shows_as_running_until_completed()
    {
        var store = await HistoryStore.OpenAsync(DbPath);
        var id = await store.BeginAsync("www1", RunTrigger.Run, T0, "openssh");

        Assert.Equal(id, (await store.GetHostHistoriesAsync())["www1"].Running?.Id);

        await store.CompleteAsync(id, Run("www1", RunOutcome.Succeeded, T0));

        var host = (await store.GetHostHistoriesAsync())["www1"];
        Assert.Null(host.Running);
        Assert.Equal(id, host.LastSuccess?.Id);
        Assert.Equal("openssh", host.LastSuccess?.Transport);
    }

    [Fact]
    public async Task An_unfinished_run_of_a_dead_process_is_not_running()
    {
        var store = await HistoryStore.OpenAsync(DbPath, processIsAlive: _ => false);
        await store.BeginAsync("www1", RunTrigger.Run, T0);

        Assert.Null((await store.GetHostHistoriesAsync())["www1"].Running);
    }

    [Fact]
    public async Task Host_histories_give_last_attempt_success_failure_streak_and_counts()
    {
        var store = await HistoryStore.OpenAsync(DbPath);
        await store.RecordAsync(Run("www1", RunOutcome.Failed, T0));
        await store.RecordAsync(Run("www1", RunOutcome.Succeeded, T0.AddHours(1)) with { RepositoryBytes = 100, SnapshotCount = 1 });
        await store.RecordAsync(Run("www1", RunOutcome.TransportFailed, T0.AddHours(2)));
        await store.RecordAsync(Run("www1", RunOutcome.Busy, T0.AddHours(3)));
        await store.RecordAsync(Run("www1", RunOutcome.Failed, T0.AddHours(4)));

        var host = (await store.GetHostHistoriesAsync())["www1"];

        Assert.Equal(T0.AddHours(4), host.LastAttempt?.Started);
        Assert.Equal(T0.AddHours(1), host.LastSuccess?.Started);
        Assert.Equal(T0.AddHours(4), host.LastFailure?.Started);
        Assert.Equal(2, host.FailuresSinceSuccess);
        Assert.Equal(100, host.LastMeasured?.RepositoryBytes);
        Assert.Equal(2, host.RunCounts[RunOutcome.Failed]);
        Assert.Equal(1, host.RunCounts[RunOutcome.Busy]);
    }

    [Fact]
    public async Task Runs_are_listed_newest_first_up_to_the_limit()
    {
        var store = await HistoryStore.OpenAsync(DbPath);
        for (var i = 0; i < 5; i++) await store.RecordAsync(Run("www1", RunOutcome.Succeeded, T0.AddDays(i)));
        await store.RecordAsync(Run("db1", RunOutcome.Succeeded, T0));

        var runs = await store.ListRunsAsync("www1", 3);

        Assert.Equal([T0.AddDays(4), T0.AddDays(3), T0.AddDays(2)], runs.Select(r => r.Started));
    }

    [Fact]
    public async Task Many_writers_in_one_process_lose_no_row()
    {
        var store = await HistoryStore.OpenAsync(DbPath);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => store.RecordAsync(Run($"h{i % 10}", RunOutcome.Succeeded, T0.AddSeconds(i))))));

        var runs = await store.ListAllRunsAsync();
        Assert.Equal(200, runs.Count);
        Assert.Equal(200, runs.Select(r => r.Started).Distinct().Count());
    }

    [Fact]
    public async Task A_writer_in_another_process_and_this_one_lose_no_row_and_leave_the_file_intact()
    {
        var store = await HistoryStore.OpenAsync(DbPath);
        // The other process: the sqlite3 shell inserting one row per transaction while this process writes too.
        var inserts = string.Concat(Enumerable.Range(0, 300).Select(i =>
            $"INSERT INTO runs (host, trigger, started_ms, ended_ms, outcome, attempts, kaya_version) VALUES ('other', 'daemon', {i}, {i + 1}, 'succeeded', 1, 'x');\n"));
        var other = Programs.RunAsync("sh", ["-c", $"printf '%s' \"$SQL\" | sqlite3 -cmd '.timeout 30000' '{DbPath}'"], new Dictionary<string, string> { ["SQL"] = inserts });

        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => store.RecordAsync(Run("mine", RunOutcome.Failed, T0.AddSeconds(i)))));
        var result = await other;

        Assert.Equal(0, result.ExitCode);
        var runs = await store.ListAllRunsAsync();
        Assert.Equal(300, runs.Count(r => r.Host == "other"));
        Assert.Equal(300, runs.Count(r => r.Host == "mine"));
        var check = await Programs.RunAsync("sqlite3", [DbPath, "PRAGMA integrity_check; PRAGMA journal_mode;"]);
        Assert.Equal("ok\nwal\n", check.Stdout);
    }

    [Fact]
    public async Task Processes_opening_a_new_file_at_once_migrate_it_once()
    {
        var opens = Enumerable.Range(0, 8).Select(_ => Task.Run(() => HistoryStore.OpenAsync(DbPath)));
        var stores = await Task.WhenAll(opens);
        await stores[0].RecordAsync(Run("www1", RunOutcome.Succeeded, T0));

        var version = await Programs.RunAsync("sqlite3", [DbPath, "PRAGMA user_version;"]);
        Assert.Equal($"{HistoryStore.SchemaVersion}\n", version.Stdout);
    }

    [Fact]
    public async Task A_database_from_a_newer_kaya_is_refused_with_its_path()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DbPath)!);
        await Programs.RunAsync("sqlite3", [DbPath, "PRAGMA user_version=99;"]);

        var e = await Assert.ThrowsAsync<HistoryException>(() => HistoryStore.OpenAsync(DbPath));
        Assert.Contains(DbPath, e.Message);
        Assert.Contains("schema 99", e.Message);
    }

    [Fact]
    public async Task State_exchange_returns_what_was_stored_before()
    {
        var store = await HistoryStore.OpenAsync(DbPath);

        Assert.Empty(await store.ExchangeStatesAsync(new Dictionary<string, string> { ["www1"] = "ok" }, T0));
        var previous = await store.ExchangeStatesAsync(new Dictionary<string, string> { ["www1"] = "failing" }, T0);

        Assert.Equal("ok", previous["www1"]);
        Assert.Equal("failing", (await store.ExchangeStatesAsync(new Dictionary<string, string>(), T0))["www1"]);
    }
}
