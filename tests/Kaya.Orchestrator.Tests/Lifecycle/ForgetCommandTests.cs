using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Fleet;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Lifecycle;
using Kaya.Orchestrator.Runs;

namespace Kaya.Orchestrator.Tests.Lifecycle;

/// <summary>
/// <c>kaya HOST forget</c> and <c>kaya forget --all</c> on a repository from the Bash original (no ledger: arrival
/// times are the snapshot files' mtimes), with real restic; and the keep_* keys of hosts.d.
/// </summary>
public sealed class ForgetCommandTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private string BackupRoot => _folder.Combine("backups");
    private string Repository => Path.Combine(BackupRoot, "www1");
    private string Config => _folder.Combine("kaya.conf");
    private string Ledger => Path.Combine(Repository, LedgerFile.FileName);
    private List<string> _ids = [];

    public async Task InitializeAsync()
    {
        RepositoryPassword.Ensure(Repository, repositoryExists: false);
        var hosts = Directory.CreateDirectory(_folder.Combine("hosts.d")).FullName;
        File.WriteAllText(Path.Combine(hosts, "www1.conf"), "keep_last=1\n");
        File.WriteAllText(Path.Combine(hosts, "db1.conf"), "");
        File.WriteAllText(Config, $"backup_root={BackupRoot}\nhosts_dir={hosts}\n");
        var source = Directory.CreateDirectory(_folder.Combine("source")).FullName;
        (await LocalPrograms.ResticAsync(Repository, "init")).EnsureSuccess("restic init");
        for (var i = 0; i < 3; i++)
        {
            File.WriteAllText(Path.Combine(source, "f"), $"version {i}");
            (await LocalPrograms.ResticAsync(Repository, "backup", source)).EnsureSuccess("restic backup");
        }
        _ids = [.. ResticSnapshot.ParseList((await LocalPrograms.ResticAsync(Repository, "snapshots", "--json")).Stdout).Select(s => s.Id)];
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    private async Task<int> SnapshotCountAsync() => ResticSnapshot.ParseList((await LocalPrograms.ResticAsync(Repository, "snapshots", "--json")).Stdout).Count;

    /// <summary>Snapshot file mtimes a day apart, oldest first in <paramref name="order"/>, as rest-server would have left them.</summary>
    private void SpreadMtimes(IReadOnlyList<string> order)
    {
        for (var i = 0; i < order.Count; i++)
            File.SetLastWriteTimeUtc(Path.Combine(Repository, "snapshots", order[i]), new DateTime(2026, 11, 1 + i, 2, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public async Task Mtimes_that_share_one_minute_are_refused_without_force_and_nothing_is_removed()
    {
        var result = await LocalPrograms.KayaAsync("-c", Config, "www1", "forget", "--keep-last", "1");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("arrived in the same minute", result.Stderr);
        Assert.Equal(3, await SnapshotCountAsync());
    }

    [Fact]
    public async Task Forget_keeps_the_newest_arrival_and_writes_the_legacy_mtimes_into_the_ledger()
    {
        // The newest client time arrived first: arrival, not client time, decides.
        SpreadMtimes([_ids[1], _ids[2], _ids[0]]);

        var dry = await LocalPrograms.KayaAsync("-c", Config, "www1", "forget", "--keep-last", "1", "--dry-run");
        Assert.True(dry.ExitCode == 0, dry.Stderr);
        Assert.False(File.Exists(Ledger), "a dry run wrote the ledger");
        Assert.Equal(3, await SnapshotCountAsync());

        var result = await LocalPrograms.KayaAsync("-c", Config, "www1", "forget", "--keep-last", "1");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("2 of 3 snapshots to remove (--keep-last 1)", result.Stdout);
        // Recorded once: the dry run before changed nothing and left no row.
        var recorded = Assert.Single(await (await HistoryAsync()).ListForgetsAsync("www1", 10));
        Assert.Equal((RunTrigger.Cli, 1, 2, false, ForgetOutcome.Succeeded), (recorded.Trigger, recorded.Kept, recorded.Removed, recorded.Pruned, recorded.Outcome));
        var left = ResticSnapshot.ParseList((await LocalPrograms.ResticAsync(Repository, "snapshots", "--json")).Stdout);
        Assert.Equal(_ids[0], Assert.Single(left).Id);
        var ledger = (await LedgerFile.ReadAsync(Ledger, CancellationToken.None)).Records;
        Assert.Equal(3, ledger.Count);
        Assert.All(ledger, r => Assert.Equal(ArrivalSource.Mtime, r.Source));
    }

    [Fact]
    public async Task Forget_all_applies_each_hosts_keep_keys_and_skips_hosts_without_them()
    {
        SpreadMtimes(_ids);

        var result = await LocalPrograms.KayaAsync("forget", "-c", Config, "--all", "--dry-run");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.StartsWith("www1: --keep-last 1\n", result.Stdout);
        Assert.DoesNotContain("db1", result.Stdout);
        Assert.Contains("2 of 3 snapshots to remove (--keep-last 1), dry run: nothing changed", result.Stdout);
        Assert.Equal(3, await SnapshotCountAsync());
    }

    [Fact]
    public async Task A_keep_flag_of_0_is_refused_with_2_and_the_configured_rules_are_not_used_instead()
    {
        SpreadMtimes(_ids);

        var result = await LocalPrograms.KayaAsync("-c", Config, "www1", "forget", "--keep-last", "0", "--dry-run");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.StartsWith("kaya: www1: --keep-last: 0 means no rule (restic's reading)", result.Stderr);
        Assert.Equal(3, await SnapshotCountAsync());
    }

    [Fact]
    public async Task A_keep_count_that_is_no_number_or_restic_words_after_dashes_are_refused_in_kayas_words()
    {
        var word = await LocalPrograms.KayaAsync("-c", Config, "www1", "forget", "--keep-last", "abc");
        var dashes = await LocalPrograms.KayaAsync("-c", Config, "www1", "forget", "--", "--keep-last", "1");

        Assert.Equal((ExitCodes.Usage, ExitCodes.Usage), (word.ExitCode, dashes.ExitCode));
        Assert.Equal("kaya: --keep-last abc: expected a whole number ≥ 0\n", word.Stderr);
        Assert.Equal("kaya: forget takes no restic arguments after --: kaya www1 forget --keep-last 1\n", dashes.Stderr);
        Assert.Equal(3, await SnapshotCountAsync());
    }

    [Fact]
    public async Task Forget_all_falls_back_to_kaya_confs_keep_keys_and_records_each_forget()
    {
        SpreadMtimes(_ids);
        File.WriteAllText(Path.Combine(_folder.Combine("hosts.d"), "www1.conf"), "");
        File.AppendAllText(Config, "keep_last=2\n");

        var result = await LocalPrograms.KayaAsync("forget", "-c", Config, "--all");

        // db1 has no repository here: its failure is the exit code, and www1 is thinned out all the same.
        Assert.True(result.ExitCode == ExitCodes.Config, result.Stdout + result.Stderr);
        Assert.Contains("www1: --keep-last 2\n", result.Stdout);
        Assert.Equal(2, await SnapshotCountAsync());
        var history = await HistoryAsync();
        var www1 = Assert.Single(await history.ListForgetsAsync("www1", 10));
        Assert.Equal((2, 1, ForgetOutcome.Succeeded), (www1.Kept, www1.Removed, www1.Outcome));
        var db1 = Assert.Single(await history.ListForgetsAsync("db1", 10));
        Assert.Equal(ForgetOutcome.Failed, db1.Outcome);
        Assert.Contains("repo-password-keep is missing", db1.Reason);
    }

    [Fact]
    public async Task Forget_without_a_keep_rule_anywhere_refuses_with_2_says_how_to_give_one_and_removes_nothing()
    {
        SpreadMtimes(_ids);
        File.WriteAllText(Path.Combine(_folder.Combine("hosts.d"), "www1.conf"), "");

        var one = await LocalPrograms.KayaAsync("-c", Config, "www1", "forget");
        var all = await LocalPrograms.KayaAsync("forget", "-c", Config, "--all");

        Assert.Equal((ExitCodes.Usage, ExitCodes.Usage), (one.ExitCode, all.ExitCode));
        Assert.Equal("", one.Stdout + all.Stdout);
        Assert.Equal($"kaya: www1: no keep rule, so nothing is removed: give one as keep_daily=7 (or keep_last, keep_weekly, ...) in {Config} or " +
            $"{Path.Combine(_folder.Combine("hosts.d"), "www1.conf")}, or on the command line: kaya www1 forget --keep-daily 7\n", one.Stderr);
        Assert.StartsWith("kaya: forget --all: no keep rule, so nothing is removed: give one as keep_daily=7", all.Stderr);
        Assert.Equal(3, await SnapshotCountAsync());
        Assert.False(File.Exists(Ledger), "a refused forget wrote the ledger");
    }

    [Fact]
    public async Task Host_forget_without_keep_flags_takes_the_hosts_keep_keys()
    {
        SpreadMtimes(_ids);

        var result = await LocalPrograms.KayaAsync("-c", Config, "www1", "forget", "--dry-run");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("2 of 3 snapshots to remove (--keep-last 1), dry run: nothing changed", result.Stdout);
        Assert.Contains($"kaya: forget: keep rules from {Path.Combine(_folder.Combine("hosts.d"), "www1.conf")}: --keep-last 1\n", result.Stderr);
        Assert.Equal(3, await SnapshotCountAsync());
    }

    private Task<HistoryStore> HistoryAsync() => HistoryStore.OpenAsync(Path.Combine(BackupRoot, ".kaya", "history.db"));

    [Fact]
    public async Task A_lock_in_locks_is_reported_and_left()
    {
        SpreadMtimes(_ids);
        var locks = Directory.CreateDirectory(Path.Combine(Repository, "locks")).FullName;
        // An object in locks/ that no Kaya run created (its bytes do not matter: kaya only lists the folder).
        var keyed = Directory.EnumerateFiles(Path.Combine(Repository, "keys")).First();
        var stray = Path.Combine(locks, Path.GetFileName(keyed));
        File.Copy(keyed, stray);

        var result = await LocalPrograms.KayaAsync("-c", Config, "www1", "forget", "--keep-last", "2");

        Assert.Contains($"lock {Path.GetFileName(keyed)} is in {locks}", result.Stderr);
        Assert.True(File.Exists(stray));
    }

    [Fact]
    public void Hosts_d_keep_keys_make_a_keep_policy_and_a_bad_duration_names_the_line()
    {
        var host = HostConfigParser.Parse("keep_daily=7\nkeep_weekly=4\nkeep_within=1y2m\n", "/etc/kaya/hosts.d/www1.conf");

        Assert.Equal("--keep-daily 7 --keep-weekly 4 --keep-within 1y2m", host.Keep?.ToString());
        Assert.Null(HostConfigParser.Parse("", "/etc/kaya/hosts.d/db1.conf").Keep);
        var e = Assert.Throws<ConfigException>(() => HostConfigParser.Parse("keep_within=7x\n", "/etc/kaya/hosts.d/www1.conf"));
        Assert.StartsWith("/etc/kaya/hosts.d/www1.conf:1: keep_within=7x", e.Message);
    }
}
