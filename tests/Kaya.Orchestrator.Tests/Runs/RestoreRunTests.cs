using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Fleet;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Lifecycle;
using Kaya.Orchestrator.Runs;
using Kaya.Orchestrator.Tests.Support;
using Kaya.Orchestrator.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaya.Orchestrator.Tests.Runs;

/// <summary>
/// kaya HOST restore-to-target against a real sshd on 127.0.0.1 and the real restic: the target is this machine, so
/// the folder restored into is a local temporary one.
/// </summary>
[Collection("restic on the target")] // BackupRunTests kills the target's restic; not beside it
public sealed class RestoreRunTests(Sshd sshd) : IClassFixture<Sshd>, IDisposable
{
    private const string Host = "127.0.0.1";
    private readonly TempFolder _folder = new();

    private string BackupRoot => Directory.CreateDirectory(_folder.Combine("backups")).FullName;
    private string KnownHosts => _folder.Combine("known_hosts");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_restore_to_target_puts_the_snapshots_files_byte_identical_into_the_folder_and_is_recorded_as_a_restore()
    {
        var source = Source("restore-me", 300 * 1024);
        File.WriteAllText(Path.Combine(source, "name with 'quote' and $dollar.txt"), "small");
        var backup = await BackupAsync([source]);
        var into = _folder.Combine("restored");
        var history = await HistoryStore.OpenAsync(_folder.Combine("history.db"));

        var result = await RestoreAsync(backup.SnapshotId!, into, history);

        Assert.True(result.Outcome == BackupOutcome.Succeeded, result.Failure);
        Assert.Equal((0, 0), (result.ExitCode, result.ResticExitCode));
        foreach (var file in Directory.EnumerateFiles(source))
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(into + file));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(BackupRoot, Host, "locks")));
        var runs = await history.ListRunsAsync(Host, 10);
        var run = Assert.Single(runs);
        Assert.Equal((RunKind.Restore, RunTrigger.Cli, RunOutcome.Succeeded, backup.SnapshotId), (run.Kind, run.Trigger, run.Outcome, run.SnapshotId));
        // A restore says nothing about the host's backups: status sees none.
        Assert.False((await history.GetHostHistoriesAsync()).ContainsKey(Host));
    }

    [Fact]
    public async Task A_write_with_the_restore_runs_credentials_is_refused_while_it_runs()
    {
        var backup = await BackupAsync([Source("read-only", 1024)]);
        var snapshotFile = Directory.EnumerateFiles(Path.Combine(BackupRoot, Host, "snapshots")).Single();
        var transport = new ProbingTransport(new OpenSshTransport(), async (port, user, password) =>
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/{user}/") };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
            var (pack, packId) = Blob.Make("a pack a compromised target would like to add");
            var (snapshot, snapshotId) = Blob.Make("a forged snapshot");
            return
            [
                (await client.GetAsync("config")).StatusCode,
                (await client.PostAsync($"data/{packId}", new ByteArrayContent(pack))).StatusCode,
                (await client.PostAsync($"snapshots/{snapshotId}", new ByteArrayContent(snapshot))).StatusCode,
                (await client.DeleteAsync($"snapshots/{Path.GetFileName(snapshotFile)}")).StatusCode,
                (await client.PostAsync("?create=true", null)).StatusCode,
            ];
        });

        var result = await new RestoreRun(transport, new CollectingOutput()).RunAsync(
            new RestoreRequest { Config = Config(), Host = Host, User = sshd.User, Snapshot = backup.SnapshotId!, Target = _folder.Combine("probe") }, CancellationToken.None);

        Assert.True(result.Outcome == BackupOutcome.Succeeded, result.Failure);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], transport.Statuses);
        Assert.True(File.Exists(snapshotFile));
        Assert.Single(Directory.EnumerateFiles(Path.Combine(BackupRoot, Host, "snapshots")));
    }

    [Fact]
    public async Task Latest_is_the_snapshot_that_arrived_last_not_a_forged_later_client_time()
    {
        var forgedSource = Source("forged", 1024);
        var realSource = Source("real", 1024);
        // A compromised target dates its snapshot years ahead: restic's own latest would pick it.
        var forged = await BackupAsync(["--time", "2035-06-01 12:00:00", forgedSource]);
        var real = await BackupAsync([realSource]);
        var history = await HistoryStore.OpenAsync(_folder.Combine("history.db"));
        var output = new CollectingOutput();

        var latest = await RestoreAsync("latest", _folder.Combine("latest"), history, output);
        // Without restic on the backup host, the ledger and the snapshot files alone decide.
        var withoutRestic = await RestoreAsync("latest", _folder.Combine("without-restic"), history, resticPath: _folder.Combine("no-restic-here"));
        var flagged = new CollectingOutput();
        await RestoreAsync(forged.SnapshotId!, _folder.Combine("forged"), history, flagged);

        Assert.True(latest.Outcome == BackupOutcome.Succeeded, latest.Failure);
        Assert.StartsWith(real.SnapshotId!, latest.SnapshotId);
        Assert.StartsWith(real.SnapshotId!, withoutRestic.SnapshotId);
        Assert.True(Directory.Exists(_folder.Combine("latest") + realSource));
        Assert.False(Directory.Exists(_folder.Combine("latest") + forgedSource));
        Assert.Contains(output.Stderr, l => l.StartsWith($"kaya: {Host}: latest is snapshot {real.SnapshotId![..8]}, the last to arrive", StringComparison.Ordinal));
        Assert.DoesNotContain(output.Stderr, l => l.Contains("warning", StringComparison.Ordinal));
        Assert.Contains(flagged.Stderr, l => l.StartsWith($"kaya: warning: {Host}: snapshot {forged.SnapshotId![..8]} claims 2035-06-01", StringComparison.Ordinal));
    }

    private KayaConfig Config()
    {
        File.WriteAllText(KnownHosts, sshd.KnownHostsLine + "\n");
        return new KayaConfig
        {
            BackupRoot = BackupRoot,
            RemotePort = 0,
            SshPort = sshd.Port,
            SshIdentity = sshd.ClientKey,
            SshKnownHosts = KnownHosts,
            SshTransport = SshTransportKind.OpenSsh,
            ConnectTimeout = TimeSpan.FromSeconds(20),
        };
    }

    private async Task<BackupResult> BackupAsync(string[] resticArgs)
    {
        var result = await new BackupRun(new OpenSshTransport(), new CollectingOutput())
            .RunAsync(new BackupRequest { Config = Config(), Host = Host, User = sshd.User, ResticArgs = resticArgs }, CancellationToken.None);
        Assert.True(result.Outcome == BackupOutcome.Succeeded, result.Failure);
        return result;
    }

    private Task<RestoreResult> RestoreAsync(string snapshot, string into, HistoryStore history, CollectingOutput? output = null, string? resticPath = null)
    {
        var request = new RestoreRequest { Config = Config(), Host = Host, User = sshd.User, Snapshot = snapshot, Target = into };
        return RestoreToTarget.RunAsync(request.Config, new HostConfig { Name = Host, Path = "", User = sshd.User }, request, history, output ?? new CollectingOutput(),
            NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None, resticPath);
    }

    private string Source(string name, int bytes)
    {
        var folder = Directory.CreateDirectory(_folder.Combine("sources", name)).FullName;
        File.WriteAllBytes(Path.Combine(folder, "file.bin"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(bytes));
        return folder;
    }

    /// <summary>
    /// The real transport, but once the tunnel is up and before the target's restic starts, sends requests of its own
    /// with the run's credentials (read from the bootstrap's stdin lines: nonce, port, user, password, ...).
    /// </summary>
    private sealed class ProbingTransport(ISshTransport inner, Func<int, string, string, Task<HttpStatusCode[]>> probe) : ISshTransport
    {
        public HttpStatusCode[] Statuses { get; private set; } = [];

        public Task<RemoteExit> RunAsync(SshTarget target, RemoteInvocation invocation, CancellationToken cancellationToken) =>
            inner.RunAsync(target, invocation with
            {
                Stdin = port =>
                {
                    var parameters = invocation.Stdin(port);
                    var lines = parameters.Split('\n');
                    // The credentials are in force exactly while the run is: probe now, restic waits for its stdin.
                    Statuses = Task.Run(() => probe(invocation.LocalPort, lines[2], lines[3])).GetAwaiter().GetResult();
                    return parameters;
                },
            }, cancellationToken);
    }
}
