using Kaya.Orchestrator.Lifecycle;
using Kaya.Orchestrator.Runs;
using Kaya.Orchestrator.Tests.Support;

namespace Kaya.Orchestrator.Tests.Lifecycle;

/// <summary>The local restic commands, with real restic on a repository made as a backup run makes it.</summary>
public sealed class ResticPassthroughTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private string BackupRoot => _folder.Combine("backups");
    private string Repository => Path.Combine(BackupRoot, "www1");
    private string _snapshotId = "";

    public async Task InitializeAsync()
    {
        RepositoryPassword.Ensure(Repository, repositoryExists: false);
        var source = _folder.Combine("source");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "a b$c.txt"), "restore me");
        Assert.Equal(0, (await LocalPrograms.ResticAsync(Repository, "init")).ExitCode);
        var backup = await LocalPrograms.ResticAsync(Repository, "backup", "--json", source);
        Assert.True(backup.ExitCode == 0, backup.Stderr);
        _snapshotId = System.Text.Json.JsonDocument.Parse(backup.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement.GetProperty("snapshot_id").GetString()!;
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    private Task<ResticPassthroughResult> Run(string command, string[] args, CollectingOutput output, string? resticPath = null) =>
        ResticPassthrough.RunAsync(new ResticRepository(BackupRoot, "www1"), command, args, output, CancellationToken.None, resticPath);

    private Task<ProgramResult> Kaya(params string[] args)
    {
        var config = _folder.Combine("kaya.conf");
        File.WriteAllText(config, $"backup_root={BackupRoot}\n");
        return LocalPrograms.KayaAsync(["-c", config, .. args]);
    }

    [Fact]
    public void Restic_gets_the_repository_the_password_file_and_the_arguments_exactly()
    {
        Assert.Equal(["-r", Repository, "--password-file", Path.Combine(Repository, "repo-password-keep"), "find", "a b$c.txt", "--json"],
            ResticPassthrough.Arguments(new ResticRepository(BackupRoot, "www1"), "find", ["a b$c.txt", "--json"]));
    }

    [Fact]
    public async Task Snapshots_lists_the_repository_with_its_kept_password()
    {
        var output = new CollectingOutput();

        var result = await Run("snapshots", ["--json"], output);

        Assert.Equal(new ResticPassthroughResult(0, null), result);
        // restic 0.14's backup summary gives the short id.
        Assert.StartsWith(_snapshotId, Assert.Single(ResticSnapshot.ParseList(string.Join('\n', output.Stdout))).Id);
    }

    [Fact]
    public async Task Restics_exit_code_is_passed_through()
    {
        var output = new CollectingOutput();

        var result = await Run("snapshots", ["--no-such-flag"], output);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(output.Stderr, line => line.Contains("unknown flag: --no-such-flag"));
    }

    [Fact]
    public async Task Kaya_host_snapshots_runs_restic_and_passes_its_exit_code_through()
    {
        var listed = await Kaya("www1", "snapshots", "--", "--json");
        var refused = await Kaya("www1", "snapshots", "--", "--no-such-flag");

        Assert.True(listed.ExitCode == 0, listed.Stderr);
        Assert.Contains(_snapshotId, listed.Stdout);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("unknown flag: --no-such-flag", refused.Stderr);
    }

    [Fact]
    public async Task A_missing_restic_is_named_with_the_command_that_installs_it()
    {
        var result = await Run("snapshots", [], new CollectingOutput(), resticPath: _folder.Combine("no-restic-here"));

        Assert.Equal(ResticPassthrough.NotInstalledExitCode, result.ExitCode);
        Assert.Contains("apt-get install restic", result.Failure);
    }

    [Fact]
    public async Task Check_refuses_while_the_host_is_busy_and_snapshots_runs_beside_a_backup()
    {
        using (HostLock.Acquire(BackupRoot, "www1"))
        {
            var check = await Run("check", [], new CollectingOutput());
            var snapshots = await Run("snapshots", [], new CollectingOutput());

            Assert.Equal(ExitCodes.HostBusy, check.ExitCode);
            Assert.Contains("another kaya run for this host is in progress", check.Failure);
            Assert.Equal(0, snapshots.ExitCode);
        }
        Assert.Equal(0, (await Run("check", [], new CollectingOutput())).ExitCode);
    }

    [Theory]
    [InlineData("check", new string[0], true)]
    [InlineData("check", new[] { "--no-lock" }, false)]
    [InlineData("unlock", new string[0], true)]
    [InlineData("restore", new[] { "latest", "--target", "/tmp/x" }, false)]
    [InlineData("mount", new[] { "/mnt" }, false)]
    public void Only_commands_for_which_restic_takes_an_exclusive_lock_take_the_host_lock(string command, string[] args, bool takes)
    {
        Assert.Equal(takes, ResticPassthrough.TakesHostLock(command, args));
    }

    [Fact]
    public async Task A_restore_into_root_or_a_non_empty_folder_is_refused_without_force()
    {
        var full = _folder.Combine("full");
        Directory.CreateDirectory(full);
        File.WriteAllText(Path.Combine(full, "keep.txt"), "mine");
        var empty = _folder.Combine("empty");

        var intoRoot = await Run("restore", [_snapshotId, "--target", "/"], new CollectingOutput());
        var intoFull = await Run("restore", [_snapshotId, $"--target={full}"], new CollectingOutput());
        var intoEmpty = await Run("restore", [_snapshotId, "-t", empty], new CollectingOutput());

        Assert.Equal((ResticPassthrough.RefusedExitCode, "www1: refusing to restore into / on the backup host: name an empty folder, or add --force before --"), (intoRoot.ExitCode, intoRoot.Failure));
        Assert.Equal($"www1: {full} is not empty: restic would overwrite what is there; name an empty folder, or add --force before --", intoFull.Failure);
        Assert.Equal(0, intoEmpty.ExitCode);
        Assert.Equal("restore me", File.ReadAllText(Directory.EnumerateFiles(empty, "a b$c.txt", SearchOption.AllDirectories).Single()));
        Assert.Null(ResticPassthrough.RestoreRefusal(["--target", full], force: true));
    }

    [Fact]
    public async Task Latest_for_ls_is_the_snapshot_that_arrived_last_and_a_flagged_restore_is_named_first()
    {
        var source = _folder.Combine("forged-source");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "forged.txt"), "dated years ahead");
        // Arrives after the real one of InitializeAsync, but claims a date so far ahead that restic's latest is it.
        var forged = await LocalPrograms.ResticAsync(Repository, "backup", "--json", "--time", "2035-06-01 12:00:00", source);
        Assert.True(forged.ExitCode == 0, forged.Stderr);
        var forgedId = System.Text.Json.JsonDocument.Parse(forged.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement.GetProperty("snapshot_id").GetString()!;
        var real = _folder.Combine("real-source");
        Directory.CreateDirectory(real);
        File.WriteAllText(Path.Combine(real, "real.txt"), "the real last backup");
        Assert.Equal(0, (await LocalPrograms.ResticAsync(Repository, "backup", real)).ExitCode);
        var ls = new CollectingOutput();
        var restore = new CollectingOutput();

        var listed = await Run("ls", ["latest"], ls);
        var restored = await ResticPassthrough.RunAsync(new ResticRepository(BackupRoot, "www1"), "restore", [forgedId, "--target", _folder.Combine("forged-restore")], restore, CancellationToken.None);

        Assert.Equal(0, listed.ExitCode);
        Assert.Contains(ls.Stdout, l => l.EndsWith("real.txt", StringComparison.Ordinal));
        Assert.DoesNotContain(ls.Stdout, l => l.Contains("forged.txt", StringComparison.Ordinal));
        Assert.Contains(ls.Stderr, l => l.StartsWith("kaya: www1: latest is snapshot ", StringComparison.Ordinal));
        Assert.Equal(0, restored.ExitCode);
        Assert.StartsWith($"kaya: warning: www1: snapshot {forgedId[..8]} claims 2035-06-01", restore.Stderr[0]);
    }

    [Fact]
    public async Task Latest_with_path_or_tag_is_the_last_arrival_among_the_snapshots_restic_would_consider()
    {
        var other = _folder.Combine("other-source");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "other.txt"), "arrives last, other path, tagged");
        Assert.Equal(0, (await LocalPrograms.ResticAsync(Repository, "backup", "--tag", "other", other)).ExitCode);
        var byPath = new CollectingOutput();
        var byTag = new CollectingOutput();

        var pathListed = await Run("ls", ["--path", _folder.Combine("source"), "latest"], byPath);
        var tagListed = await Run("ls", ["latest", "--tag=other"], byTag);

        Assert.Equal(0, pathListed.ExitCode);
        Assert.Contains(byPath.Stdout, l => l.EndsWith("a b$c.txt", StringComparison.Ordinal));
        Assert.DoesNotContain(byPath.Stdout, l => l.Contains("other.txt", StringComparison.Ordinal));
        Assert.Contains(byPath.Stderr, l => l.StartsWith($"kaya: www1: latest is snapshot {_snapshotId[..8]}, the last to arrive of those matching --path ", StringComparison.Ordinal));
        // The filters went with latest: restic, given an id, would otherwise warn that it ignores them.
        Assert.DoesNotContain(byPath.Stderr, l => l.Contains("Ignoring filters", StringComparison.Ordinal));
        Assert.Equal(0, tagListed.ExitCode);
        Assert.Contains(byTag.Stdout, l => l.EndsWith("other.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Kaya_host_restore_refuses_root_and_a_non_empty_folder_with_exit_2()
    {
        var full = _folder.Combine("full");
        Directory.CreateDirectory(full);
        File.WriteAllText(Path.Combine(full, "keep.txt"), "mine");

        var intoRoot = await Kaya("www1", "restore", "--", _snapshotId, "--target", "/");
        var intoFull = await Kaya("www1", "restore", "--", _snapshotId, "--target", full);

        Assert.Equal((2, "kaya: www1: refusing to restore into / on the backup host: name an empty folder, or add --force before --\n"), (intoRoot.ExitCode, intoRoot.Stderr));
        Assert.Equal(2, intoFull.ExitCode);
        Assert.Contains($"{full} is not empty", intoFull.Stderr);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(full, "keep.txt")));
    }
}
