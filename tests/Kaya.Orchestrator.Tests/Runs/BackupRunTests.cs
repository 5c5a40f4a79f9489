using System.Text.Json;
using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Runs;
using Kaya.Orchestrator.Tests.Support;
using Kaya.Orchestrator.Transport;

namespace Kaya.Orchestrator.Tests.Runs;

/// <summary>Whole runs against a real sshd on 127.0.0.1 and the real restic, once per transport.</summary>
[Collection("restic on the target")] // a test here kills the target's restic; the others must not run beside it
public sealed class BackupRunTests(Sshd sshd) : IClassFixture<Sshd>, IDisposable
{
    private const string Host = "127.0.0.1";
    private readonly TempFolder _folder = new();

    private string BackupRoot => _folder.Combine("backups");
    private string Repository => Path.Combine(BackupRoot, Host);

    public static TheoryData<SshTransportKind> Transports => new() { SshTransportKind.OpenSsh, SshTransportKind.SshNet };

    [Theory, MemberData(nameof(Transports))]
    public async Task First_run_creates_the_repository_its_password_and_one_snapshot(SshTransportKind transport)
    {
        var source = Source("first", 64 * 1024);

        var result = await BackupAsync(transport, [source]);

        Assert.True(result.Outcome == BackupOutcome.Succeeded, result.Failure);
        Assert.Equal(0, result.ExitCode);
        Assert.NotNull(result.SnapshotId);
        Assert.True(result.BytesAdded > 0);
        var password = Path.Combine(Repository, RepositoryPassword.FileName);
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(password));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Repository));
        Assert.True(File.ReadAllText(password).Trim().Length >= 30);
        var snapshots = await SnapshotsAsync();
        var only = Assert.Single(snapshots);
        Assert.StartsWith(result.SnapshotId, only);
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task Second_run_is_incremental(SshTransportKind transport)
    {
        var source = Source("incremental", 512 * 1024);

        var first = await BackupAsync(transport, [source]);
        File.WriteAllText(Path.Combine(source, "new.txt"), "a small change");
        var second = await BackupAsync(transport, [source]);

        Assert.Equal(BackupOutcome.Succeeded, second.Outcome);
        Assert.Equal(2, (await SnapshotsAsync()).Count);
        Assert.NotEqual(first.SnapshotId, second.SnapshotId);
        Assert.True(second.BytesAdded < first.BytesAdded / 10, $"first added {first.BytesAdded}, second {second.BytesAdded}");
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task Arguments_with_spaces_quotes_dollars_and_globs_reach_restic_intact(SshTransportKind transport)
    {
        var source = Source("dir with 'quote' and $dollar", 1024);
        File.WriteAllText(Path.Combine(source, "left out.skip"), "excluded by the glob");

        var result = await BackupAsync(transport, ["--exclude", "*.skip", "--tag", "a \"b\" $HOME", source]);

        Assert.True(result.Outcome == BackupOutcome.Succeeded, result.Failure);
        var listing = await Restic().RunAsync("ls", "latest");
        Assert.Contains(Path.Combine(source, "file.bin"), listing.Stdout);
        Assert.DoesNotContain("left out.skip", listing.Stdout);
        var json = await Restic().RunAsync("snapshots", "--json");
        Assert.Contains("a \\\"b\\\" $HOME", json.Stdout);
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task A_fixed_remote_port_carries_the_tunnel(SshTransportKind transport)
    {
        var source = Source("fixed-port", 1024);
        File.WriteAllText(KnownHosts, sshd.KnownHostsLine + "\n");
        var config = Config(transport) with { RemotePort = FreePort.Pick() };

        var result = await new BackupRun(SshTransports.For(transport), new CollectingOutput())
            .RunAsync(new BackupRequest { Config = config, Host = Host, User = sshd.User, ResticArgs = [source] }, CancellationToken.None);

        Assert.True(result.Outcome == BackupOutcome.Succeeded, result.Failure);
        Assert.Single(await SnapshotsAsync());
    }

    [Fact]
    public async Task A_run_sweeps_temporaries_of_its_own_host_only()
    {
        var own = Path.Combine(Repository, "data", "00", "00aa" + Kaya.Server.Storage.FileSystemLayout.TempMarker + "1");
        var other = Path.Combine(BackupRoot, "www2", "data", "00", "00bb" + Kaya.Server.Storage.FileSystemLayout.TempMarker + "1");
        foreach (var file in new[] { own, other })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, "left by a crash");
        }

        var result = await BackupAsync(SshTransportKind.OpenSsh, [Source("sweep", 1024)]);

        Assert.True(result.Outcome == BackupOutcome.Succeeded, result.Failure);
        Assert.False(File.Exists(own));
        Assert.True(File.Exists(other));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task Unreadable_source_files_exit_0_with_a_warning(SshTransportKind transport)
    {
        var output = new CollectingOutput();
        File.WriteAllText(KnownHosts, sshd.KnownHostsLine + "\n");
        // /proc/1/mem cannot be read from offset 0, not even by root: restic exits 3.
        var request = new BackupRequest { Config = Config(transport), Host = Host, User = sshd.User, ResticArgs = [Source("partial", 1024), "/proc/1/mem"] };

        var result = await new BackupRun(SshTransports.For(transport), output).RunAsync(request, CancellationToken.None);

        Assert.Equal(BackupOutcome.Incomplete, result.Outcome);
        Assert.Equal(3, result.ResticExitCode);
        Assert.Equal(0, result.ExitCode);
        Assert.NotNull(result.SnapshotId);
        Assert.Contains(output.Stderr, l => l.StartsWith("warning: 127.0.0.1: some source files could not be read", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task A_restic_failure_on_the_target_exits_with_restics_code_and_its_fatal_line_as_the_reason(SshTransportKind transport)
    {
        var result = await BackupAsync(transport, [_folder.Combine("does-not-exist")]);

        Assert.Equal(BackupOutcome.ResticFailed, result.Outcome);
        Assert.Equal(1, result.ResticExitCode);
        Assert.Equal(1, result.ExitCode);
        Assert.Null(result.SnapshotId);
        Assert.Equal("127.0.0.1: restic exited with 1: Fatal: all target directories/files do not exist", result.Failure);
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task A_host_known_by_another_of_its_keys_is_trusted(SshTransportKind transport)
    {
        File.WriteAllText(KnownHosts, sshd.EcdsaKnownHostsLine + "\n");

        var result = await BackupAsync(transport, [Source("ecdsa", 1024)], writeKnownHosts: false);

        Assert.True(result.Outcome == BackupOutcome.Succeeded, result.Failure);
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task An_unknown_host_key_is_refused_and_nothing_runs(SshTransportKind transport)
    {
        File.WriteAllText(KnownHosts, "");

        var result = await BackupAsync(transport, [Source("unknown", 1024)], writeKnownHosts: false);

        Assert.Equal(BackupOutcome.TransportFailed, result.Outcome);
        Assert.Equal(ExitCodes.Transport, result.ExitCode);
        Assert.Contains("ssh-keyscan -p", result.Failure);
        Assert.False(File.Exists(Path.Combine(Repository, "config")));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task A_mismatched_host_key_is_refused_and_nothing_runs(SshTransportKind transport)
    {
        var impostor = File.ReadAllText(sshd.ClientKey + ".pub").Split(' ');
        File.WriteAllText(KnownHosts, $"[127.0.0.1]:{sshd.Port} {impostor[0]} {impostor[1]}\n");
        // A fixed remote port this time: ssh's refusal must be recognised whether or not a port is awaited.
        var config = Config(transport) with { RemotePort = FreePort.Pick() };

        var result = await new BackupRun(SshTransports.For(transport), new CollectingOutput())
            .RunAsync(new BackupRequest { Config = config, Host = Host, User = sshd.User, ResticArgs = [Source("mismatch", 1024)] }, CancellationToken.None);

        Assert.Equal(BackupOutcome.TransportFailed, result.Outcome);
        Assert.Contains("does not match", result.Failure);
        Assert.False(File.Exists(Path.Combine(Repository, "config")));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task A_key_the_target_does_not_accept_is_a_lasting_transport_failure(SshTransportKind transport)
    {
        var stranger = _folder.Combine("stranger_ed25519");
        var keygen = await Programs.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", stranger]);
        Assert.Equal(0, keygen.ExitCode);
        File.WriteAllText(KnownHosts, sshd.KnownHostsLine + "\n");
        var config = Config(transport) with { SshIdentity = stranger };

        var result = await new BackupRun(SshTransports.For(transport), new CollectingOutput())
            .RunAsync(new BackupRequest { Config = config, Host = Host, User = sshd.User, ResticArgs = ["/nonexistent"] }, CancellationToken.None);

        Assert.Equal(BackupOutcome.TransportFailed, result.Outcome);
        Assert.False(result.IsTransient, result.Failure);
        Assert.False(File.Exists(Path.Combine(Repository, "config")));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task A_refused_connection_is_a_transport_failure(SshTransportKind transport)
    {
        var config = Config(transport) with { SshPort = FreePort.Pick() };

        var result = await new BackupRun(SshTransports.For(transport), new CollectingOutput())
            .RunAsync(new BackupRequest { Config = config, Host = Host, User = sshd.User, ResticArgs = ["/nonexistent"] }, CancellationToken.None);

        Assert.Equal(BackupOutcome.TransportFailed, result.Outcome);
        Assert.Equal(ExitCodes.Transport, result.ExitCode);
        Assert.True(result.IsTransient);
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task A_connection_cut_mid_backup_fails_stops_the_remote_restic_and_leaves_a_consistent_repository(SshTransportKind transport)
    {
        var source = Source("cut", 2 * 1024 * 1024);
        // 256 KiB/s keeps 2 MiB in flight for seconds: long enough to cut it.
        var run = BackupAsync(transport, ["--limit-upload", "256", source]);
        await WaitForResticLockAsync(run);

        Assert.True(sshd.KillSessions() > 0);
        var result = await run;

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(BackupOutcome.TransportFailed, result.Outcome);
        Assert.True(await RemoteResticEndsAsync(), "the target's restic kept running after its SSH session was gone");
        // The killed restic could not remove its lock through the dropped tunnel. Plain unlock would keep it here:
        // a container's PID 1 may not reap, and restic counts its zombie as alive; we saw above that it is not running.
        var unlock = await Restic().RunAsync("unlock", "--remove-all");
        Assert.True(unlock.ExitCode == 0, unlock.Stderr);
        var check = await Restic().RunAsync("check");
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task A_restic_killed_on_the_target_is_a_failure(SshTransportKind transport)
    {
        var run = BackupAsync(transport, ["--limit-upload", "256", Source("killed", 2 * 1024 * 1024)]);
        await WaitForResticLockAsync(run);

        foreach (var proc in Directory.EnumerateDirectories("/proc").Where(IsOurRestic))
            System.Diagnostics.Process.GetProcessById(int.Parse(Path.GetFileName(proc))).Kill();
        var result = await run;

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(BackupOutcome.ResticFailed, result.Outcome);
        Assert.Equal(137, result.ResticExitCode); // sh's code for a child killed by SIGKILL
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task A_cancelled_run_has_the_targets_restic_remove_its_lock_and_stop(SshTransportKind transport)
    {
        using var cancel = new CancellationTokenSource();
        File.WriteAllText(KnownHosts, sshd.KnownHostsLine + "\n");
        var request = new BackupRequest { Config = Config(transport), Host = Host, User = sshd.User, ResticArgs = ["--limit-upload", "256", Source("cancelled", 2 * 1024 * 1024)] };
        var output = new CollectingOutput();
        var run = new BackupRun(SshTransports.For(transport), output).RunAsync(request, cancel.Token);
        await WaitForResticLockAsync(run);
        // restic 0.14 knows its lock (to remove it on SIGINT) a moment after it creates it; the upload (2 MiB at 256 KiB/s) has seconds to go.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(run.IsCompleted, $"the run ended before it could be cancelled: {output}");

        cancel.Cancel();
        var result = await run;

        Assert.Equal(BackupOutcome.Interrupted, result.Outcome);
        Assert.Equal(ExitCodes.Interrupted, result.ExitCode);
        // 130: restic's own code after SIGINT, i.e. it ran its clean-up (removing its lock) through the tunnel.
        Assert.Equal(130, result.ResticExitCode);
        Assert.Equal($"{Host}: interrupted; restic on the target stopped (exit 130)", result.Failure);
        Assert.True(result.LocksRemoved.Count == 0, $"restic left its lock to the server: {output}");
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(Repository, "locks")));
        Assert.True(await RemoteResticEndsAsync(), "the target's restic kept running after the run was cancelled");
        await Restic().MustAsync("check");
        using var again = HostLock.Acquire(BackupRoot, Host);
    }

    /// <summary>
    /// 21 connections cut at seeded random moments of one repository's backups, alternating the sshd
    /// session and the ssh client and both transports: each run fails, leaves no lock, and the repository
    /// stays whole. 256 KiB of new data at 256 KiB/s keeps each run within a second or two.
    /// </summary>
    [Fact]
    public async Task Connections_cut_at_random_moments_fail_each_run_and_leave_no_lock_and_a_whole_repository()
    {
        var random = new Random(20261129);
        var source = _folder.Combine("sources", "cuts");
        Directory.CreateDirectory(source);
        var file = Path.Combine(source, "file.bin");
        var first = await BackupAsync(SshTransportKind.OpenSsh, [source]);
        Assert.True(first.ExitCode == 0, first.Failure);
        var locks = Path.Combine(Repository, "locks");
        var cutWhileLocked = 0;
        var uncut = 0;

        for (var cut = 0; cut < 21; cut++)
        {
            // New bytes each time, so that restic has something to upload.
            var bytes = new byte[256 * 1024];
            random.NextBytes(bytes);
            File.WriteAllBytes(file, bytes);
            var transport = cut % 3 == 2 ? SshTransportKind.SshNet : SshTransportKind.OpenSsh;
            var killClient = cut % 3 == 1;
            var run = BackupAsync(transport, ["--limit-upload", "256", source]);
            // Half the cuts at a moment of the whole run (connecting, starting restic, ...); half once restic
            // holds its lock, however long a loaded machine takes to get there.
            if (cut % 2 == 1)
            {
                while (!run.IsCompleted && !(Directory.Exists(locks) && Directory.EnumerateFiles(locks).Any())) await Task.Delay(10);
                await Task.Delay(random.Next(0, 300));
            }
            else
            {
                await Task.Delay(random.Next(0, 1200));
            }
            // The moment is the first one at or after the delay at which there is a connection to cut.
            var killed = 0;
            while (!run.IsCompleted && (killed = killClient ? KillSshClients() : sshd.KillSessions()) == 0) await Task.Delay(10);
            var result = await run;
            // A run that succeeded ended before the cut took hold: no connection was left, or the signal met an ssh
            // that had already exited (a zombie takes SIGKILL too). It tested nothing: the same cut again, a few
            // times at most, so that a cut mid-run reported as success still fails the test.
            if (result.ExitCode == 0)
            {
                Assert.True(++uncut <= 5, $"cut {cut} ({transport}, {(killClient ? "ssh client" : "sshd session")} killed {killed}): five runs ended {result.Outcome} before a cut took hold");
                cut--;
                continue;
            }

            Assert.Empty(Directory.EnumerateFiles(locks));
            if (result.LocksRemoved.Count > 0) cutWhileLocked++;
        }

        // Some cuts must have caught restic holding its lock, or the server's clean-up was never put to the test.
        Assert.True(cutWhileLocked > 0, "no cut came while restic held its lock");
        Assert.True(await RemoteResticEndsAsync(), "a target's restic kept running after its SSH session was gone");
        Assert.Empty(Directory.EnumerateFiles(locks));
        await Restic().MustAsync("check");
    }

    /// <summary>
    /// Kills the ssh clients this test process started for this class's sshd (by its port on their command line):
    /// the backup host's end of the connection. Other classes' ssh clients run beside it and must live.
    /// </summary>
    private int KillSshClients()
    {
        var killed = 0;
        foreach (var pid in ProcFs.ChildrenOf(Environment.ProcessId))
        {
            try
            {
                if (File.ReadAllText($"/proc/{pid}/comm").Trim() != "ssh") continue;
                // An ssh that has exited, not yet reaped, is no connection to cut.
                if (ProcFs.IsZombie(pid)) continue;
                if (!File.ReadAllText($"/proc/{pid}/cmdline").Split('\0').Contains(sshd.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))) continue;
                System.Diagnostics.Process.GetProcessById(pid).Kill();
                killed++;
            }
            catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception) { }
        }
        return killed;
    }

    [Fact]
    public async Task Runs_for_different_hosts_go_in_parallel()
    {
        File.WriteAllText(KnownHosts, sshd.KnownHostsLine + "\n" + sshd.KnownHostsLine.Replace("[127.0.0.1]", "[localhost]") + "\n");
        var config = Config(SshTransportKind.OpenSsh);
        var source = Source("parallel", 512 * 1024);
        BackupRequest For(string host) => new() { Config = config, Host = host, User = sshd.User, ResticArgs = ["--limit-upload", "1024", source] };

        var results = await Task.WhenAll(
            new BackupRun(new OpenSshTransport(), new CollectingOutput()).RunAsync(For("127.0.0.1"), CancellationToken.None),
            new BackupRun(new OpenSshTransport(), new CollectingOutput()).RunAsync(For("localhost"), CancellationToken.None));

        Assert.All(results, r => Assert.True(r.Outcome == BackupOutcome.Succeeded, r.Failure));
        Assert.True(File.Exists(Path.Combine(BackupRoot, "localhost", "config")));
        Assert.True(File.Exists(Path.Combine(BackupRoot, "127.0.0.1", "config")));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task A_second_concurrent_run_for_the_same_host_fails_at_once(SshTransportKind transport)
    {
        var source = Source("concurrent", 1024 * 1024);
        var first = BackupAsync(transport, ["--limit-upload", "512", source]);
        await WaitForResticLockAsync(first);

        var second = await BackupAsync(transport, [source]);

        Assert.Equal(BackupOutcome.HostBusy, second.Outcome);
        Assert.Equal(ExitCodes.HostBusy, second.ExitCode);
        Assert.Contains("another kaya run", second.Failure);
        Assert.Equal(BackupOutcome.Succeeded, (await first).Outcome);
        Assert.Single(await SnapshotsAsync());
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task A_first_run_refused_by_the_host_key_leaves_no_host_folder_or_password(SshTransportKind transport)
    {
        File.WriteAllText(KnownHosts, "");

        var result = await BackupAsync(transport, [Source("refused", 16)], writeKnownHosts: false);

        Assert.Equal(BackupOutcome.TransportFailed, result.Outcome);
        Assert.False(Directory.Exists(Repository), "the host folder was created although SSH never came up");
    }

    [Fact]
    public async Task A_first_run_to_an_unreachable_host_leaves_no_host_folder_or_password()
    {
        File.WriteAllText(KnownHosts, sshd.KnownHostsLine + "\n");
        var request = new BackupRequest { Config = Config(SshTransportKind.OpenSsh) with { SshPort = FreePort.Pick() }, Host = Host, User = sshd.User, ResticArgs = ["/"] };

        var result = await new BackupRun(new OpenSshTransport(), new CollectingOutput()).RunAsync(request, CancellationToken.None);

        Assert.Equal(ExitCodes.Transport, result.ExitCode);
        Assert.False(Directory.Exists(Repository));
    }

    private string KnownHosts => _folder.Combine("known_hosts");

    /// <summary>The local restic on this test's repository, opened with the password file kaya keeps beside it.</summary>
    private Restic Restic() => Kaya.Testing.Restic.WithPasswordFile(Repository, Path.Combine(Repository, RepositoryPassword.FileName));

    private KayaConfig Config(SshTransportKind transport) => new()
    {
        // kaya no longer creates a missing backup_root: the test's root exists, as a mounted volume would.
        BackupRoot = Directory.CreateDirectory(BackupRoot).FullName,
        RemotePort = 0,
        SshPort = sshd.Port,
        SshIdentity = sshd.ClientKey,
        SshKnownHosts = KnownHosts,
        SshTransport = transport,
        ConnectTimeout = TimeSpan.FromSeconds(20),
    };

    private Task<BackupResult> BackupAsync(SshTransportKind transport, string[] resticArgs, bool writeKnownHosts = true)
    {
        if (writeKnownHosts) File.WriteAllText(KnownHosts, sshd.KnownHostsLine + "\n");
        var request = new BackupRequest { Config = Config(transport), Host = Host, User = sshd.User, ResticArgs = resticArgs };
        return new BackupRun(SshTransports.For(transport), new CollectingOutput()).RunAsync(request, CancellationToken.None);
    }

    private string Source(string name, int bytes)
    {
        var folder = _folder.Combine("sources", name);
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "file.bin"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(bytes));
        return folder;
    }

    private async Task<List<string>> SnapshotsAsync()
    {
        var result = await Restic().RunAsync("snapshots", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList();
    }

    /// <summary>restic's lock file in the repository says its backup is under way.</summary>
    private async Task WaitForResticLockAsync(Task<BackupResult> run)
    {
        var locks = Path.Combine(Repository, "locks");
        for (var waited = 0; !(Directory.Exists(locks) && Directory.EnumerateFiles(locks).Any()); waited += 20)
        {
            if (run.IsCompleted) Assert.Fail($"the run ended before restic took its lock: {(await run).Failure}");
            if (waited > 60_000) Assert.Fail("restic took no lock within a minute");
            await Task.Delay(20);
        }
    }

    /// <summary>True once no restic with this test's repository URL runs any more (up to 20 s).</summary>
    private async Task<bool> RemoteResticEndsAsync()
    {
        for (var i = 0; i < 200; i++)
        {
            if (!Directory.EnumerateDirectories("/proc").Any(IsOurRestic)) return true;
            await Task.Delay(100);
        }
        return false;
    }

    /// <summary>A live restic below this test's sshd (other test runs on the machine have their own sshd).</summary>
    private bool IsOurRestic(string proc)
    {
        try
        {
            if (File.ReadAllText(Path.Combine(proc, "comm")).Trim() != "restic") return false;
            if (File.ReadAllText(Path.Combine(proc, "environ")).Length == 0) return false; // a zombie
            for (var pid = int.Parse(Path.GetFileName(proc)); pid > 1; pid = ProcFs.ParentOf(pid))
            {
                if (pid == sshd.Pid) return true;
            }
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { return false; }
    }

    public void Dispose() => _folder.Dispose();
}
