using Kaya.Orchestrator.History;

namespace Kaya.Orchestrator.Tests.History;

public sealed class ForgetHistoryTests : IDisposable
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-28T13:00:00Z");
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string DbPath => _folder.Combine("history.db");

    [Fact]
    public async Task A_forget_keeps_every_field_and_the_last_per_host_are_found_by_outcome()
    {
        var store = await HistoryStore.OpenAsync(DbPath);
        var ok = new ForgetRecord("www1", T0, T0.AddMinutes(2), RunTrigger.Daemon, 7, 3, true, ForgetOutcome.Succeeded, null);
        var failed = new ForgetRecord("www1", T0.AddDays(1), T0.AddDays(1).AddSeconds(1), RunTrigger.Cli, null, null, false, ForgetOutcome.Failed, "www1: restic forget exited 1");
        var other = new ForgetRecord("db1", T0, T0.AddSeconds(5), RunTrigger.Cli, 1, 0, false, ForgetOutcome.Interrupted, "db1: interrupted");

        var id = await store.RecordForgetAsync(ok);
        await store.RecordForgetAsync(failed);
        await store.RecordForgetAsync(other);

        Assert.Equal(ok with { Id = id }, (await store.ListForgetsAsync("www1", 10))[1]);
        Assert.Equal(["db1: interrupted", "www1: restic forget exited 1"], (await store.GetLastForgetsAsync()).Select(f => f.Reason));
        Assert.Equal(id, Assert.Single(await store.GetLastSucceededForgetsAsync()).Id);
    }

    [Fact]
    public async Task A_history_of_schema_3_gains_the_forgets_table_when_opened()
    {
        await HistoryStore.OpenAsync(DbPath);
        var downgrade = await Programs.RunAsync("sqlite3", [DbPath, "DROP TABLE forgets; ALTER TABLE runs DROP COLUMN kind; PRAGMA user_version=3;"]);
        Assert.True(downgrade.ExitCode == 0, downgrade.Stderr);

        var store = await HistoryStore.OpenAsync(DbPath);
        await store.RecordForgetAsync(new ForgetRecord("www1", T0, T0, RunTrigger.Cli, 1, 1, false, ForgetOutcome.Succeeded, null));

        Assert.Single(await store.GetLastForgetsAsync());
    }
}
