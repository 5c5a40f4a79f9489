using System.Net;
using System.Security.Cryptography;
using Kaya.Orchestrator.Lifecycle;
using Kaya.Server.Hosting;
using Kaya.Server.Repository;
using Microsoft.Extensions.Time.Testing;

namespace Kaya.Orchestrator.Tests.Lifecycle;

/// <summary>The server writes the arrival ledger: raw requests to an in-process server, and real restic through <c>kaya serve</c>.</summary>
public sealed class ArrivalLedgerTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 3, 2, 0, 0, TimeSpan.Zero));

    private string DataPath => _folder.Combine("data");
    private string LedgerPath => Path.Combine(DataPath, "www1", LedgerFile.FileName);

    public void Dispose() => _folder.Dispose();

    private Task<KayaServer> StartAsync(ISnapshotLedger ledger) => KayaServer.StartAsync(new KayaServerOptions
    {
        DataPath = DataPath,
        Listen = [ListenAddress.Loopback(0)],
        Authentication = ServerAuthentication.None,
        Time = _time,
        SnapshotLedger = ledger,
    });

    private static HttpClient Client(KayaServer server) => new() { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}/") };

    private static (string Id, ByteArrayContent Body) Object(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return (Convert.ToHexStringLower(SHA256.HashData(bytes)), new ByteArrayContent(bytes));
    }

    [Fact]
    public async Task A_committed_snapshot_is_in_the_ledger_with_the_servers_arrival_time_and_size()
    {
        await using var server = await StartAsync(new FileSnapshotLedger(DataPath));
        using var http = Client(server);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("www1/?create=true", null)).StatusCode);
        var (id, body) = Object("{\"time\":\"2030-01-01T00:00:00Z\"}");

        var response = await http.PostAsync($"www1/snapshots/{id}", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = Assert.Single((await LedgerFile.ReadAsync(LedgerPath, CancellationToken.None)).Records);
        Assert.Equal(new LedgerRecord { Repository = "www1", SnapshotId = id, Arrival = _time.GetUtcNow(), Size = 31, Source = ArrivalSource.Ledger }, record);
    }

    [Fact]
    public async Task An_identical_reupload_does_not_redate_the_snapshot_and_other_objects_are_not_recorded()
    {
        await using var server = await StartAsync(new FileSnapshotLedger(DataPath));
        using var http = Client(server);
        await http.PostAsync("www1/?create=true", null);
        var (id, _) = Object("snapshot");
        var first = _time.GetUtcNow();
        await http.PostAsync($"www1/snapshots/{id}", Object("snapshot").Body);
        _time.Advance(TimeSpan.FromDays(3));

        var again = await http.PostAsync($"www1/snapshots/{id}", Object("snapshot").Body);
        var (dataId, data) = Object("a pack");
        var pack = await http.PostAsync($"www1/data/{dataId}", data);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, pack.StatusCode);
        Assert.Equal(first, Assert.Single(File.ReadAllLines(LedgerPath).Select(LedgerFile.Parse))!.Arrival);
    }

    [Fact]
    public async Task The_ledger_is_not_reachable_over_the_protocol()
    {
        await using var server = await StartAsync(new FileSnapshotLedger(DataPath));
        using var http = Client(server);
        await http.PostAsync("www1/?create=true", null);
        var (id, body) = Object("snapshot");
        await http.PostAsync($"www1/snapshots/{id}", body);

        var read = await http.GetAsync($"www1/{LedgerFile.FileName}");
        var write = await http.PostAsync($"www1/{LedgerFile.FileName}", new StringContent("{}\n"));

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, write.StatusCode);
        Assert.Single(File.ReadAllLines(LedgerPath));
    }

    [Fact]
    public async Task A_ledger_that_cannot_record_makes_the_upload_fail_instead_of_answering_200()
    {
        await using var server = await StartAsync(new FailingLedger());
        using var http = Client(server);
        await http.PostAsync("www1/?create=true", null);
        var (id, body) = Object("snapshot");

        var response = await http.PostAsync($"www1/snapshots/{id}", body);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task Kaya_serve_records_every_snapshot_restic_makes()
    {
        await using var kaya = await KayaCli.ServeAsync("--path", DataPath, "--listen", "127.0.0.1:0", "--no-auth");
        var restic = new Restic($"rest:{kaya.Url}www1/");
        var source = _folder.Combine("source");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "a.txt"), "one");
        await restic.MustAsync("init");
        await restic.MustAsync("backup", source);
        File.WriteAllText(Path.Combine(source, "b.txt"), "two");
        await restic.MustAsync("backup", source);

        var listed = ResticSnapshot.ParseList(await restic.MustAsync("snapshots", "--json")).Select(s => s.Id).Order().ToList();
        var ledger = (await LedgerFile.ReadAsync(LedgerPath, CancellationToken.None)).Records;

        Assert.Equal(listed, ledger.Select(r => r.SnapshotId).Order().ToList());
        Assert.All(ledger, r => Assert.Null(r.RunId));
        Assert.All(ledger, r => Assert.Equal(new FileInfo(Path.Combine(DataPath, "www1", "snapshots", r.SnapshotId)).Length, r.Size));
    }

    private sealed class FailingLedger : ISnapshotLedger
    {
        public Task RecordAsync(SnapshotCommit commit, CancellationToken cancellationToken) =>
            throw new IOException("No space left on device");
    }
}
