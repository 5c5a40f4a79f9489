using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Lifecycle;
using Kaya.Orchestrator.Runs;
using Kaya.Orchestrator.Tests.Support;
using Kaya.Orchestrator.Transport;

namespace Kaya.Orchestrator.Tests.Lifecycle;

/// <summary>
/// An orchestrated run (real sshd, real restic on the target) leaves its snapshot in the ledger with the run's id and
/// the host key the target showed, in the repository's ledger file and in the history's ledger table.
/// </summary>
[Collection("restic on the target")] // BackupRunTests kills the target's restic; not beside it
public sealed class RunLedgerTests(Sshd sshd) : IClassFixture<Sshd>, IDisposable
{
    private const string Host = "127.0.0.1";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string BackupRoot => Directory.CreateDirectory(_folder.Combine("backups")).FullName;

    private KayaConfig Config(SshTransportKind transport, string knownHostsLine)
    {
        var knownHosts = _folder.Combine("known_hosts");
        File.WriteAllText(knownHosts, knownHostsLine + "\n");
        return new KayaConfig
        {
            BackupRoot = BackupRoot,
            RemotePort = 0,
            SshPort = sshd.Port,
            SshIdentity = sshd.ClientKey,
            SshKnownHosts = knownHosts,
            SshTransport = transport,
            ConnectTimeout = TimeSpan.FromSeconds(20),
        };
    }

    private string Source()
    {
        var source = Directory.CreateDirectory(_folder.Combine("source")).FullName;
        File.WriteAllText(Path.Combine(source, "a.txt"), "through the tunnel");
        return source;
    }

    private Task<IReadOnlyList<LedgerRecord>> FileLedgerAsync() =>
        LedgerFile.ReadAsync(Path.Combine(BackupRoot, Host, LedgerFile.FileName), CancellationToken.None).ContinueWith(t => t.Result.Records, TaskScheduler.Default);

    [Fact]
    public async Task A_backup_run_records_its_snapshot_with_its_run_id()
    {
        var config = Config(SshTransportKind.OpenSsh, sshd.KnownHostsLine);
        var before = DateTimeOffset.UtcNow;

        var result = await new BackupRun(new OpenSshTransport(), new CollectingOutput())
            .RunAsync(new BackupRequest { Config = config, Host = Host, User = sshd.User, ResticArgs = [Source()] }, CancellationToken.None);

        Assert.True(result.Outcome == BackupOutcome.Succeeded, result.Failure);
        var record = Assert.Single(await FileLedgerAsync());
        Assert.StartsWith(result.SnapshotId!, record.SnapshotId);
        Assert.Equal(Host, record.Repository);
        Assert.Matches("^[0-9a-f]{16}$", record.RunId);
        Assert.InRange(record.Arrival, before, DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Over_openssh_the_ledger_row_in_the_history_carries_the_run_id_and_the_host_key_ssh_keygen_prints()
    {
        // A fixed remote port, as kaya.conf's default: the parameters go to ssh's stdin before the key exchange.
        var config = Config(SshTransportKind.OpenSsh, sshd.KnownHostsLine) with { RemotePort = FreePort.Pick() };
        var history = await HistoryStore.OpenAsync(config.HistoryDb);

        var result = await new BackupRun(new OpenSshTransport(), new CollectingOutput(), history: history)
            .RunAsync(new BackupRequest { Config = config, Host = Host, User = sshd.User, ResticArgs = [Source()], RunId = "41" }, CancellationToken.None);

        Assert.True(result.Outcome == BackupOutcome.Succeeded, result.Failure);
        var fingerprint = await sshd.HostKeyFingerprintAsync("ed25519");
        var row = Assert.Single(await history.ListArrivalsAsync(Host));
        Assert.Equal((result.SnapshotId![..8], "41", fingerprint, ArrivalSource.Ledger), (row.SnapshotId[..8], row.RunId, row.HostKeyFingerprint, row.Source));
        // The same record with the repository (a copy of the folder carries it); the table keeps milliseconds.
        var line = Assert.Single(await FileLedgerAsync());
        Assert.Equal(row, line with { Arrival = DateTimeOffset.FromUnixTimeMilliseconds(line.Arrival.ToUnixTimeMilliseconds()) });
        Assert.True(row.Size > 0);
    }

    [Fact]
    public async Task Over_sshnet_the_host_key_recorded_is_the_one_known_hosts_vouched_for()
    {
        // Only the ecdsa key is known: the target shows that one, not its ed25519 key.
        var config = Config(SshTransportKind.SshNet, sshd.EcdsaKnownHostsLine);
        var history = await HistoryStore.OpenAsync(config.HistoryDb);

        var result = await new BackupRun(new SshNetTransport(), new CollectingOutput(), history: history)
            .RunAsync(new BackupRequest { Config = config, Host = Host, User = sshd.User, ResticArgs = [Source()] }, CancellationToken.None);

        Assert.True(result.Outcome == BackupOutcome.Succeeded, result.Failure);
        var row = Assert.Single(await history.ListArrivalsAsync(Host));
        Assert.Equal(await sshd.HostKeyFingerprintAsync("ecdsa"), row.HostKeyFingerprint);
        Assert.Equal(row.HostKeyFingerprint, Assert.Single(await FileLedgerAsync()).HostKeyFingerprint);
    }
}
