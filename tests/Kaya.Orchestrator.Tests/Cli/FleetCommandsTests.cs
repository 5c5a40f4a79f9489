using System.Text.Json;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Runs;
using Kaya.Orchestrator.Tests.Support;

namespace Kaya.Orchestrator.Tests.Cli;

/// <summary><c>kaya check-config</c>, <c>kaya status</c> and <c>kaya HOST history</c> through the binary.</summary>
public sealed class FleetCommandsTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _config;
    private readonly string _hosts;

    public FleetCommandsTests()
    {
        _hosts = _folder.Combine("hosts.d");
        Directory.CreateDirectory(_hosts);
        Directory.CreateDirectory(_folder.Combine("root"));
        _config = _folder.Combine("kaya.conf");
        File.WriteAllText(_config, $"backup_root={_folder.Combine("root")}\nhosts_dir={_hosts}\n");
    }

    public void Dispose() => _folder.Dispose();

    private static Task<ProgramResult> KayaAsync(params string[] args) => KayaCli.RunAsync(args);

    private async Task<HistoryStore> HistoryAsync() => await HistoryStore.OpenAsync(_folder.Combine("root", ".kaya", "history.db"));

    private static RunRecord Run(string host, RunOutcome outcome, TimeSpan ago) => new()
    {
        Host = host, Trigger = RunTrigger.Run, Started = DateTimeOffset.UtcNow - ago, Ended = DateTimeOffset.UtcNow - ago + TimeSpan.FromMinutes(2),
        Duration = TimeSpan.FromMinutes(2), Outcome = outcome, Reason = outcome.IsSuccess() ? null : "restic exited 1: repository locked",
        BytesAdded = 4096, Log = $"{host} restic output\n",
    };

    [Fact]
    public async Task Check_config_on_good_files_says_what_it_read_in_one_line_and_exits_0()
    {
        File.WriteAllText(Path.Combine(_hosts, "www1.conf"), "restic_args=/ /home\n");

        var result = await KayaAsync("check-config", "-c", _config);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal($"kaya: check-config: {_config} and 1 host file read without error\n", result.Stderr);
    }

    [Fact]
    public async Task Check_config_notes_a_file_not_named_HOST_conf_but_not_examples_or_editor_backups()
    {
        File.WriteAllText(Path.Combine(_hosts, "web1"), "restic_args=/\n");
        File.WriteAllText(Path.Combine(_hosts, "www1.conf~"), "");
        File.WriteAllText(Path.Combine(_hosts, "www1.conf.dpkg-old"), "");
        File.WriteAllText(Path.Combine(_hosts, "www2.conf.example"), "");

        var result = await KayaAsync("check-config", "-c", _config);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"note: {Path.Combine(_hosts, "web1")}: ignored: a host's file is named HOST.conf", result.Stderr);
        Assert.DoesNotContain("www1.conf", result.Stderr);
        Assert.DoesNotContain("www2", result.Stderr);
    }

    [Fact]
    public async Task Check_config_reports_a_missing_ssh_identity_or_known_hosts_file_and_exits_20()
    {
        File.AppendAllText(_config, $"ssh_identity={_folder.Combine("nokey")}\nssh_known_hosts={_folder.Combine("no_known_hosts")}\n");
        File.WriteAllText(Path.Combine(_hosts, "www1.conf"), $"ssh_identity={_folder.Combine("nokey1")}\n");

        var result = await KayaAsync("check-config", "-c", _config);

        Assert.Equal(20, result.ExitCode);
        Assert.Contains($"{_config}: ssh_identity {_folder.Combine("nokey")} does not exist", result.Stderr);
        Assert.Contains($"{_config}: ssh_known_hosts {_folder.Combine("no_known_hosts")} does not exist", result.Stderr);
        Assert.Contains($"{Path.Combine(_hosts, "www1.conf")}: ssh_identity {_folder.Combine("nokey1")} does not exist", result.Stderr);
        Assert.DoesNotContain("read without error", result.Stderr);
    }

    [Fact]
    public async Task A_missing_hosts_dir_is_a_note_for_check_config_and_status_whose_exit_codes_stay_0()
    {
        var missing = _folder.Combine("no-hosts.d");
        File.WriteAllText(_config, $"backup_root={_folder.Combine("root")}\nhosts_dir={missing}\n");

        var check = await KayaAsync("check-config", "-c", _config);
        var status = await KayaAsync("status", "-c", _config);

        Assert.True(check.ExitCode == 0, check.Stderr);
        Assert.Contains($"note: hosts_dir {missing} does not exist", check.Stderr);
        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Contains($"note: hosts_dir {missing} does not exist", status.Stderr);
    }

    [Theory]
    [InlineData("run", "--all")]
    [InlineData("run", "--due")]
    [InlineData("daemon")]
    public async Task A_missing_hosts_dir_stops_run_all_run_due_and_the_daemon_with_20_naming_the_folder(params string[] command)
    {
        var missing = _folder.Combine("no-hosts.d");
        File.WriteAllText(_config, $"backup_root={_folder.Combine("root")}\nhosts_dir={missing}\n");

        var result = await KayaAsync([.. command, "-c", _config]);

        Assert.Equal(20, result.ExitCode);
        Assert.Contains($"hosts_dir {missing} does not exist: create it with one HOST.conf per host", result.Stderr);
    }

    [Fact]
    public async Task Run_due_dry_run_with_no_host_due_says_so_and_when_each_is_next_due()
    {
        File.WriteAllText(Path.Combine(_hosts, "www1.conf"), "restic_args=/\ninterval=24h\n");
        var history = await HistoryAsync();
        await history.RecordAsync(Run("www1", RunOutcome.Succeeded, TimeSpan.FromHours(1)));

        var result = await KayaAsync("run", "--due", "--dry-run", "-c", _config);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("kaya run: no host is due", result.Stdout);
        Assert.Matches(@"(?m)^www1  next due \d{4}-\d\d-\d\d \d\d:\d\d UTC$", result.Stdout);
    }

    [Fact]
    public async Task Status_shows_the_hosts_whose_file_reads_prints_the_bad_files_errors_and_exits_20()
    {
        File.WriteAllText(Path.Combine(_hosts, "www1.conf"), "");
        File.WriteAllText(Path.Combine(_hosts, "bad.conf"), "intervall=12h\n");

        var result = await KayaAsync("status", "--json", "-c", _config);

        Assert.Equal(20, result.ExitCode);
        var hosts = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("hosts");
        Assert.Equal("www1", Assert.Single(hosts.EnumerateArray()).GetProperty("host").GetString());
        Assert.Contains($"{Path.Combine(_hosts, "bad.conf")}:1: unknown key \"intervall\"", result.Stderr);
    }

    [Fact]
    public async Task Another_hosts_bad_file_does_not_stop_a_hosts_own_backup()
    {
        File.WriteAllText(Path.Combine(_hosts, "bad.conf"), "intervall=12h\n");
        // Nothing listens on port 1: the backup is tried (and fails fast, 21) rather than stopped at bad.conf (20).
        File.WriteAllText(_folder.Combine("known_hosts"), "");
        File.AppendAllText(_config, $"ssh_port=1\nssh_known_hosts={_folder.Combine("known_hosts")}\nremote_port=0\n");

        var result = await KayaAsync("-c", _config, "127.0.0.1", "backup", "--", "/tmp");

        Assert.True(result.ExitCode == 21, result.Stderr);
        Assert.DoesNotContain("intervall", result.Stderr);
        Assert.Single(await (await HistoryAsync()).ListRunsAsync("127.0.0.1", 10));
    }

    [Theory]
    [InlineData("snapshots")]
    [InlineData("ls", "--", "latest")]
    [InlineData("restore", "--", "latest", "--target", "/tmp/kaya-never")]
    public async Task Restic_commands_on_a_missing_backup_root_exit_23_with_the_mount_hint_not_a_lost_password(params string[] command)
    {
        var missing = _folder.Combine("not-mounted");
        File.WriteAllText(_config, $"backup_root={missing}\nhosts_dir={_hosts}\n");

        var result = await KayaAsync(["-c", _config, "www1", .. command]);

        Assert.Equal(23, result.ExitCode);
        Assert.Contains($"backup_root {missing} does not exist", result.Stderr);
        Assert.Contains("mount it", result.Stderr);
        Assert.DoesNotContain("repo-password-keep", result.Stderr);
        Assert.False(Directory.Exists(missing));
    }

    [Theory]
    [InlineData("-c")]
    [InlineData("--config")]
    public async Task A_config_given_before_a_fleet_command_is_the_one_it_reads(string option)
    {
        File.WriteAllText(Path.Combine(_hosts, "www1.conf"), "restic_args=/\n");

        var status = await KayaAsync(option, _config, "status", "--json");
        var check = await KayaAsync(option, _config, "check-config");

        Assert.True(status.ExitCode == 0, status.Stderr); // www1 (never run) comes from this config, not /etc/kaya.conf
        var hosts = JsonDocument.Parse(status.Stdout).RootElement.GetProperty("hosts");
        Assert.Equal("www1", Assert.Single(hosts.EnumerateArray()).GetProperty("host").GetString());
        Assert.Equal(0, check.ExitCode);
        Assert.Contains($"{_config} and 1 host file read without error", check.Stderr);
    }

    [Fact]
    public async Task A_missing_backup_root_stops_status_and_check_config_with_23_and_is_not_created()
    {
        var missing = _folder.Combine("not-mounted");
        File.WriteAllText(_config, $"backup_root={missing}\nhosts_dir={_hosts}\n");

        var status = await KayaAsync("status", "-c", _config);
        var check = await KayaAsync("check-config", "-c", _config);

        Assert.Equal(23, status.ExitCode);
        Assert.Equal(23, check.ExitCode);
        Assert.Contains($"backup_root {missing} does not exist", status.Stderr);
        Assert.Contains("mkdir -p -m 0700", check.Stderr);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public async Task A_single_host_backup_is_not_retried_after_a_transient_failure()
    {
        // Nothing listens on port 1: connection refused, a transient failure that kaya run would retry after 1 s twice.
        File.WriteAllText(_folder.Combine("known_hosts"), "");
        File.AppendAllText(_config, $"ssh_port=1\nssh_known_hosts={_folder.Combine("known_hosts")}\nretry_backoff=1s,1s\nremote_port=0\n");

        var result = await KayaAsync("-c", _config, "127.0.0.1", "backup", "--", "/tmp");

        Assert.Equal(21, result.ExitCode);
        var run = Assert.Single(await (await HistoryAsync()).ListRunsAsync("127.0.0.1", 10));
        Assert.Equal(RunOutcome.TransportFailed, run.Outcome);
        Assert.Equal(1, run.Attempts);
    }

    [Fact]
    public async Task An_unknown_host_action_lists_the_actions_there_are()
    {
        var result = await KayaAsync("-c", _config, "www1", "snapshot");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown action \"snapshot\" (expected one of: backup, restore-to-target, history, forget, snapshots, ls,", result.Stderr);
    }

    [Fact]
    public async Task Check_config_prints_each_bad_line_and_exits_20()
    {
        File.WriteAllText(Path.Combine(_hosts, "www1.conf"), "interval=6h\ninterval=often\n");
        File.WriteAllText(Path.Combine(_hosts, "status.conf"), "");

        var result = await KayaAsync("check-config", "-c", _config);

        Assert.Equal(20, result.ExitCode);
        Assert.Contains($"{Path.Combine(_hosts, "www1.conf")}:2: interval=often", result.Stderr);
        Assert.Contains("\"status\" is a kaya command", result.Stderr);
    }

    [Fact]
    public async Task A_mistyped_action_or_command_gets_the_one_it_meant_after_the_usual_error()
    {
        var action = await KayaAsync("-c", _config, "www1", "bakcup");
        var command = await KayaAsync("-c", _config, "stauts");

        Assert.Equal((2, 2), (action.ExitCode, command.ExitCode));
        Assert.Equal("kaya: unknown action \"bakcup\" (expected one of: backup, restore-to-target, history, forget, snapshots, ls, find, stats, check, diff, mount, restore, unlock) " +
            "(did you mean 'backup'?)\nTry 'kaya --help'.\n", action.Stderr);
        Assert.Equal("kaya: unknown command 'stauts' (did you mean 'status'?)\nTry 'kaya --help'.\n", command.Stderr);
    }

    [Fact]
    public async Task History_of_an_unknown_host_exits_2_with_the_host_it_meant()
    {
        File.WriteAllText(Path.Combine(_hosts, "localhost.conf"), "restic_args=/\n");

        var result = await KayaAsync("-c", _config, "lcoalhost", "history");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("kaya: history: unknown host \"lcoalhost\": no lcoalhost.conf in hosts_dir", result.Stderr);
        Assert.Contains("(did you mean 'localhost'?)", result.Stderr);
    }

    [Fact]
    public async Task A_passthrough_or_run_of_an_unknown_host_names_the_host_it_meant_and_keeps_its_code()
    {
        File.WriteAllText(Path.Combine(_hosts, "localhost.conf"), "restic_args=/\n");

        var snapshots = await KayaAsync("-c", _config, "locahost", "snapshots");
        var run = await KayaAsync("-c", _config, "run", "locahost");

        Assert.Equal((20, 20), (snapshots.ExitCode, run.ExitCode));
        Assert.Contains("is missing: no repository was made for this host here, or its password file was lost (did you mean 'localhost'?)", snapshots.Stderr);
        Assert.Contains("locahost: no such host", run.Stderr);
        Assert.Contains("(did you mean 'localhost'?)", run.Stderr);
    }

    [Fact]
    public async Task A_history_run_id_that_is_no_number_is_refused_without_dotnet_type_names()
    {
        var result = await KayaAsync("-c", _config, "www1", "history", "--log", "abc");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("kaya: --log abc: expected a whole number ≥ 1\n", result.Stderr);
    }

    [Fact]
    public async Task Restic_options_before_dashes_on_a_passthrough_get_the_line_with_them_after()
    {
        var result = await KayaAsync("-c", _config, "www1", "restore", "latest", "--target", "/tmp/r");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("kaya: unknown option --target (restic's options go after --: kaya www1 restore -- latest --target /tmp/r)\n", result.Stderr);
    }

    [Theory]
    [InlineData("history", "localhost")]
    [InlineData("snapshots", "localhost")]
    [InlineData("backup", "localhost", "--", "/tmp")]
    public async Task An_action_before_its_host_gets_the_words_in_their_order(params string[] words)
    {
        var result = await KayaAsync(["-c", _config, .. words]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"kaya: '{words[0]}' is an action, not a host (did you mean 'kaya localhost {words[0]}'?)", result.Stderr);
    }

    [Fact]
    public async Task A_mistyped_option_of_a_host_action_gets_the_one_it_meant()
    {
        var forget = await KayaAsync("-c", _config, "www1", "forget", "--keep-dialy", "7");
        var history = await KayaAsync("-c", _config, "www1", "history", "--limt", "3");

        Assert.Equal((2, 2), (forget.ExitCode, history.ExitCode));
        Assert.Equal("kaya: unknown option --keep-dialy (did you mean --keep-daily?)\n", forget.Stderr);
        Assert.Equal("kaya: unknown option --limt (did you mean --limit?)\n", history.Stderr);
    }

    [Fact]
    public async Task Check_config_reports_every_error_of_every_file_not_only_the_first()
    {
        File.AppendAllText(_config, "max_paralel=3\nstagger=often\n");
        File.WriteAllText(Path.Combine(_hosts, "www1.conf"), "intervall=6h\nquota=lots\n");
        File.WriteAllText(Path.Combine(_hosts, "db1.conf"), "enabled=maybe\n");

        var result = await KayaAsync("check-config", "-c", _config);

        Assert.Equal(20, result.ExitCode);
        var lines = result.Stderr.TrimEnd('\n').Split('\n');
        string[] starts =
        [
            $"kaya: {_config}:3: unknown key \"max_paralel\"", $"kaya: {_config}:4: stagger=often", $"kaya: {Path.Combine(_hosts, "db1.conf")}:1: enabled=maybe",
            $"kaya: {Path.Combine(_hosts, "www1.conf")}:1: unknown key \"intervall\"", $"kaya: {Path.Combine(_hosts, "www1.conf")}:2: quota=lots",
        ];
        Assert.True(lines.Length == starts.Length, result.Stderr);
        for (var i = 0; i < starts.Length; i++) Assert.StartsWith(starts[i], lines[i]);
        Assert.EndsWith("(did you mean 'max_parallel'?)", lines[0]);
        Assert.EndsWith("(did you mean 'interval'?)", lines[3]);
    }

    [Fact]
    public async Task Status_of_a_host_kaya_does_not_know_says_where_it_looked_and_exits_2()
    {
        File.WriteAllText(Path.Combine(_hosts, "www1.conf"), "");

        var result = await KayaAsync("status", "-c", _config, "www2");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal($"kaya: status: unknown host \"www2\": no www2.conf in hosts_dir {_hosts}, no repository in backup_root {_folder.Combine("root")} " +
            "and no run in the history (did you mean 'www1'?)\n", result.Stderr);
    }

    [Fact]
    public async Task Restore_to_target_names_the_host_once_in_its_first_line()
    {
        // A repository from the Bash original: the snapshot file's mtime is its arrival. No sshd: the run ends at the connection.
        var repository = _folder.Combine("root", "www1");
        RepositoryPassword.Ensure(repository, repositoryExists: false);
        var restic = Restic.WithPasswordFile(repository, Path.Combine(repository, RepositoryPassword.FileName));
        await restic.MustAsync("init");
        await restic.MustAsync("backup", _hosts);
        var snapshot = Directory.EnumerateFiles(Path.Combine(repository, "snapshots")).Single();
        File.SetLastWriteTimeUtc(snapshot, new DateTime(2026, 11, 1, 2, 0, 0, DateTimeKind.Utc));
        File.WriteAllText(_folder.Combine("known_hosts"), "");
        File.AppendAllText(_config, $"ssh_port=1\nssh_known_hosts={_folder.Combine("known_hosts")}\nremote_port=0\n");

        // Output redirected, as here, is when restic's lines get the host as a prefix; kaya's own lines name it already.
        var result = await KayaAsync("-c", _config, "www1", "restore-to-target", "latest", "--target", _folder.Combine("restored"));

        Assert.True(result.ExitCode == 21, result.Stderr);
        var lines = result.Stderr.Split('\n');
        Assert.Equal($"kaya: www1: latest is snapshot {Path.GetFileName(snapshot)[..8]}, the last to arrive (2026-11-01 02:00:00 UTC)", lines[0]);
        Assert.StartsWith($"kaya: warning: www1: snapshot {Path.GetFileName(snapshot)[..8]} claims ", lines[1]);
    }

    [Fact]
    public async Task Status_exits_0_when_every_host_is_ok_and_1_when_one_fails()
    {
        File.WriteAllText(Path.Combine(_hosts, "www1.conf"), "");
        File.WriteAllText(Path.Combine(_hosts, "db1.conf"), "");
        var history = await HistoryAsync();
        await history.RecordAsync(Run("www1", RunOutcome.Succeeded, TimeSpan.FromHours(2)));
        await history.RecordAsync(Run("db1", RunOutcome.Succeeded, TimeSpan.FromHours(3)));

        var ok = await KayaAsync("status", "-c", _config);
        await history.RecordAsync(Run("db1", RunOutcome.Failed, TimeSpan.FromHours(1)));
        var failing = await KayaAsync("status", "-c", _config);

        Assert.Equal(0, ok.ExitCode);
        Assert.Matches(@"(?m)^HOST +STATE +LAST SUCCESS", ok.Stdout);
        Assert.Matches(@"(?m)^www1 +ok ", ok.Stdout);
        Assert.Equal(1, failing.ExitCode);
        Assert.Matches(@"(?m)^db1 +failing .*restic exited 1: repository locked$", failing.Stdout);
    }

    [Fact]
    public async Task Status_json_follows_the_documented_schema_and_lists_repositories_without_a_host_file()
    {
        File.WriteAllText(Path.Combine(_hosts, "www1.conf"), "interval=6h\n");
        Directory.CreateDirectory(_folder.Combine("root", "orphan"));
        File.WriteAllText(_folder.Combine("root", "orphan", "config"), "");
        await (await HistoryAsync()).RecordAsync(Run("www1", RunOutcome.Incomplete, TimeSpan.FromHours(1)));

        var result = await KayaAsync("status", "-c", _config, "--json");

        Assert.Equal(0, result.ExitCode);
        var doc = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal(1, doc.GetProperty("schema_version").GetInt32());
        Assert.EndsWith("Z", doc.GetProperty("generated_at").GetString());
        var host = doc.GetProperty("hosts")[0];
        Assert.Equal("www1", host.GetProperty("host").GetString());
        Assert.Equal("ok", host.GetProperty("state").GetString());
        Assert.Equal(21600, host.GetProperty("interval_seconds").GetInt64());
        Assert.Equal("incomplete", host.GetProperty("last_attempt").GetProperty("outcome").GetString());
        Assert.Equal(120, host.GetProperty("last_attempt").GetProperty("duration_seconds").GetInt64());
        Assert.Equal(JsonValueKind.Null, host.GetProperty("repository_bytes").ValueKind);
        // Live progress is the daemon's own, for its own runs: another process has none to give.
        Assert.Equal(JsonValueKind.Null, host.GetProperty("progress").ValueKind);
        Assert.Equal(["orphan"], doc.GetProperty("unconfigured_repositories").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task History_lists_a_hosts_runs_and_prints_a_runs_log()
    {
        var history = await HistoryAsync();
        await history.RecordAsync(Run("www1", RunOutcome.Failed, TimeSpan.FromHours(2)));
        var last = await history.RecordAsync(Run("www1", RunOutcome.Succeeded, TimeSpan.FromHours(1)));
        await history.RecordAsync(Run("db1", RunOutcome.Succeeded, TimeSpan.FromHours(1)));

        var table = await KayaAsync("-c", _config, "www1", "history");
        var json = await KayaAsync("-c", _config, "-u", "backup", "www1", "history", "--json", "--limit", "1");
        var log = await KayaAsync("-c", _config, "www1", "history", "--log", last.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(0, table.ExitCode);
        Assert.Equal(3, table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var runs = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("runs");
        Assert.Equal(last, Assert.Single(runs.EnumerateArray()).GetProperty("id").GetInt64());
        Assert.Equal("www1 restic output\n", log.Stdout);
    }

    [Fact]
    public async Task History_of_another_hosts_run_is_refused()
    {
        var id = await (await HistoryAsync()).RecordAsync(Run("db1", RunOutcome.Succeeded, TimeSpan.FromHours(1)));

        var result = await KayaAsync("-c", _config, "www1", "history", "--log", id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"www1: no run {id}", result.Stderr);
    }

    [Fact]
    public async Task Processes_that_open_a_new_history_at_once_all_succeed_on_one_schema()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => KayaAsync("status", "-c", _config)));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Stderr));
        var version = await Programs.RunAsync("sqlite3", [_folder.Combine("root", ".kaya", "history.db"), "PRAGMA user_version; PRAGMA integrity_check;"]);
        Assert.Equal($"{HistoryStore.SchemaVersion}\nok\n", version.Stdout);
    }
}
