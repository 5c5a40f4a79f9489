using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Lifecycle;
using Kaya.Orchestrator.Runs;
using Kaya.Orchestrator.Tests.Support;
using Kaya.Orchestrator.Transport;

namespace Kaya.Orchestrator.Tests.Lifecycle;

/// <summary>An orchestrated run (real sshd, real restic on the target) leaves its snapshot in the ledger with the run's id.</summary>
[Collection("restic on the target")] // BackupRunTests kills the target's restic; not beside it
public sealed class RunLedgerTests(Sshd sshd) : IClassFixture<Sshd>, IDisposable
{
    private const string Host = "127.0.0.1";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_backup_run_records_its_snapshot_with_its_run_id()
    {
        var backupRoot = Directory.CreateDirectory(_folder.Combine("backups")).FullName;
        var knownHosts = _folder.Combine("known_hosts");
        File.WriteAllText(knownHosts, sshd.KnownHostsLine + "\n");
        var source = Directory.CreateDirectory(_folder.Combine("source")).FullName;
        File.WriteAllText(Path.Combine(source, "a.txt"), "through the tunnel");
        var config = new KayaConfig
        {
            BackupRoot = backupRoot,
            RemotePort = 0,
            SshPort = sshd.Port,
            SshIdentity = sshd.ClientKey,
            SshKnownHosts = knownHosts,
            SshTransport = SshTransportKind.OpenSsh,
            ConnectTimeout = TimeSpan.FromSeconds(20),
        };
        var before = DateTimeOffset.UtcNow;

        var result = await new BackupRun(new OpenSshTransport(), new CollectingOutput())
            .RunAsync(new BackupRequest { Config = config, Host = Host, User = sshd.User, ResticArgs = [source] }, CancellationToken.None);

        Assert.True(result.Outcome == BackupOutcome.Succeeded, result.Failure);
        var record = Assert.Single((await LedgerFile.ReadAsync(Path.Combine(backupRoot, Host, LedgerFile.FileName), CancellationToken.None)).Records);
        Assert.StartsWith(result.SnapshotId!, record.SnapshotId);
        Assert.Equal(Host, record.Repository);
        Assert.Matches("^[0-9a-f]{16}$", record.RunId);
        Assert.InRange(record.Arrival, before, DateTimeOffset.UtcNow);
    }
}
