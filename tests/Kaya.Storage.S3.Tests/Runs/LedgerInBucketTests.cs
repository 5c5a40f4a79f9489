using System.Net;
using System.Text;
using System.Text.Json;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Lifecycle;
using Kaya.Server.Repository;
using Kaya.Storage.S3.Tests.Support;

namespace Kaya.Storage.S3.Tests.Runs;

/// <summary>
/// The arrival ledger on a bucket, where nothing can be appended to: one immutable object per snapshot
/// (<c>REPO/.kaya-ledger.d/ID.json</c>), written with If-None-Match, never served over the protocol.
/// </summary>
[Collection(CephCollection.Name)]
public sealed class LedgerInBucketTests(CephCluster cluster, Sshd sshd) : IClassFixture<Sshd>, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static async Task<LedgerRecord> RecordAsync(TestBucket bucket, string key) =>
        LedgerFile.Parse(Encoding.UTF8.GetString(await bucket.GetAsync(key)).TrimEnd('\n')) ?? throw new InvalidDataException($"{key} is not a ledger record");

    [Fact]
    public async Task A_private_object_in_a_bucket_is_written_once()
    {
        using var bucket = await TestBucket.CreateAsync(cluster);
        using var store = bucket.NewStore();

        var first = await store.WritePrivateAsync(Blobs.Repo, ".kaya-ledger.d/one.json", "first"u8.ToArray(), CancellationToken.None);
        var second = await store.WritePrivateAsync(Blobs.Repo, ".kaya-ledger.d/one.json", "second"u8.ToArray(), CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal("first", Encoding.UTF8.GetString(await bucket.GetAsync("backups/host1/.kaya-ledger.d/one.json")));
    }

    [Fact]
    public async Task Kaya_serve_on_a_bucket_records_each_snapshot_as_an_object_the_protocol_never_serves()
    {
        using var bucket = await TestBucket.CreateAsync(cluster);
        var state = _folder.Combine("state");
        await using var server = await bucket.ServeAsync(state, "--no-auth");
        var source = SourceTree.Generate(_folder.Combine("source"), seed: 3, bigFiles: 0, smallFiles: 5);
        var restic = new Restic($"rest:{server.Url}host1/");
        await restic.MustAsync("init");
        await restic.MustAsync("backup", source);
        await restic.MustAsync("backup", source, "--force");

        var ids = JsonDocument.Parse(await restic.MustAsync("snapshots", "--json")).RootElement.EnumerateArray().Select(s => s.GetProperty("id").GetString()!).Order().ToList();
        var keys = (await bucket.AllKeysAsync()).Where(k => k.StartsWith("backups/host1/.kaya-ledger.d/", StringComparison.Ordinal)).ToList();
        Assert.Equal(ids.Select(id => $"backups/host1/.kaya-ledger.d/{id}.json"), keys.Order());
        var record = await RecordAsync(bucket, keys[0]);
        Assert.Equal(("host1", ArrivalSource.Ledger), (record.Repository, record.Source));
        Assert.Null(record.RunId);
        Assert.Null(record.HostKeyFingerprint);
        // Nothing of the ledger under the local path: it lives with the repository, in the bucket.
        Assert.False(File.Exists(Path.Combine(state, "host1", LedgerFile.FileName)));

        using var http = new HttpClient { BaseAddress = server.Url };
        using var record404 = await http.GetAsync($"host1/.kaya-ledger.d/{ids[0]}.json");
        using var folder404 = await http.GetAsync("host1/.kaya-ledger.d/");
        using var write404 = await http.PostAsync($"host1/.kaya-ledger.d/{ids[0]}.json", new StringContent("{}"));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (record404.StatusCode, folder404.StatusCode, write404.StatusCode));
        Assert.Equal(record, await RecordAsync(bucket, keys[0]));
    }

    [Fact]
    public async Task An_orchestrated_backup_into_a_bucket_records_its_run_and_host_key_in_the_bucket_and_the_history()
    {
        using var bucket = await TestBucket.CreateAsync(cluster);
        var source = SourceTree.Generate(_folder.Combine("source"), seed: 4, bigFiles: 0, smallFiles: 5);
        var fleet = new BucketFleet(_folder, bucket, sshd);
        var backupRoot = fleet.BackupRoot;

        var run = await fleet.BackupAsync(source);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var key = Assert.Single(await bucket.AllKeysAsync(), k => k.StartsWith("fleet/127.0.0.1/.kaya-ledger.d/", StringComparison.Ordinal));
        var record = await RecordAsync(bucket, key);
        var history = await HistoryStore.OpenAsync(Path.Combine(backupRoot, ".kaya", "history.db"));
        var runId = Assert.Single(await history.ListRunsAsync("127.0.0.1", 10)).Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(($"fleet/127.0.0.1/.kaya-ledger.d/{record.SnapshotId}.json", runId, await sshd.HostKeyFingerprintAsync()), (key, record.RunId, record.HostKeyFingerprint));
        var row = Assert.Single(await history.ListArrivalsAsync("127.0.0.1"));
        Assert.Equal((record.SnapshotId, record.RunId, record.HostKeyFingerprint, record.Size), (row.SnapshotId, row.RunId, row.HostKeyFingerprint, row.Size));
        Assert.False(File.Exists(Path.Combine(backupRoot, "127.0.0.1", LedgerFile.FileName)));
    }
}
