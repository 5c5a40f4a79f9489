using Kaya.Server.Access;
using Kaya.Server.Hosting;
using Kaya.Server.Repository;
using Kaya.Server.Storage;

namespace Kaya.Server.Tests.Hosting;

/// <summary>The API the orchestrator uses instead of the store: run grants, existence, measuring, sweeping.</summary>
public class HostingApiTests
{
    private static readonly RepositoryPath Web1 = new(["web1"]);

    private static Task<InProcessServer> StartAsync() => InProcessServer.StartAsync(new KayaServerOptions
    {
        DataPath = new TempFolder().Path,
        Listen = [ListenAddress.Loopback(0)],
        Authentication = ServerAuthentication.RunCredentials,
    });

    private static string Lock(string text) => Blob.Make(text).Id;

    [Fact]
    public async Task Revoking_one_grant_leaves_another_for_the_same_host_in_force()
    {
        await using var s = await StartAsync();
        var first = s.Server.GrantRun(RunPurpose.Backup, Web1);
        var second = s.Server.GrantRun(RunPurpose.Restore, Web1);
        using var firstClient = s.NewClient(first.User, first.Password);
        using var secondClient = s.NewClient(second.User, second.Password);
        Assert.Equal(200, await firstClient.Create("/web1/").Status());

        await s.Server.RevokeAsync(first);

        Assert.Equal(401, await firstClient.Get("/web1/keys/").Status());
        Assert.Equal(200, await secondClient.Get("/web1/keys/").Status());
    }

    [Fact]
    public async Task A_grants_quota_refuses_uploads_past_it_with_507_and_counts_the_refusal()
    {
        await using var s = await StartAsync();
        var quota = new Quota(limit: 100, used: 0);
        var run = s.Server.GrantRun(RunPurpose.Backup, Web1, quota: quota);
        using var client = s.NewClient(run.User, run.Password);
        await client.Create("/web1/");
        var (small, smallId) = Blob.Make("fits");
        var (big, bigId) = Blob.Make(new string('x', 200));

        Assert.Equal(200, await client.Post($"/web1/data/{smallId}", small).Status());
        Assert.Equal(507, await client.Post($"/web1/data/{bigId}", big).Status());

        Assert.Equal(1, quota.Refusals);
        Assert.False(File.Exists(Path.Combine(s.Root, "web1", "data", bigId[..2], bigId)));
    }

    [Fact]
    public async Task Revoke_removes_the_locks_its_grant_created_and_no_others()
    {
        await using var s = await StartAsync();
        var run = s.Server.GrantRun(RunPurpose.Backup, Web1);
        var other = s.Server.GrantRun(RunPurpose.Backup, Web1);
        using var runClient = s.NewClient(run.User, run.Password);
        using var otherClient = s.NewClient(other.User, other.Password);
        await runClient.Create("/web1/");
        var (left, leftId) = Blob.Make("left behind");
        var (deleted, deletedId) = Blob.Make("deleted by the run itself");
        var (foreign, foreignId) = Blob.Make("another run's lock");
        Assert.Equal(200, await runClient.Post($"/web1/locks/{leftId}", left).Status());
        Assert.Equal(200, await runClient.Post($"/web1/locks/{deletedId}", deleted).Status());
        Assert.Equal(200, await runClient.Delete($"/web1/locks/{deletedId}").Status());
        Assert.Equal(200, await otherClient.Post($"/web1/locks/{foreignId}", foreign).Status());

        var removed = await s.Server.RevokeAsync(run);

        Assert.Equal([new ObjectId(leftId)], removed);
        Assert.False(File.Exists(Path.Combine(s.Root, "web1", "locks", leftId)));
        Assert.True(File.Exists(Path.Combine(s.Root, "web1", "locks", foreignId)));
        Assert.Equal(200, await otherClient.Head($"/web1/locks/{foreignId}").Status());
    }

    [Fact]
    public async Task A_lock_whose_upload_ends_after_the_revocation_is_taken_back_and_answered_401()
    {
        await using var s = await StartAsync();
        var run = s.Server.GrantRun(RunPurpose.Backup, Web1);
        using (var client = s.NewClient(run.User, run.Password)) await client.Create("/web1/");
        var (body, id) = Blob.Make("a lock on its way while the run ends");
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, s.Server.Port);
        var stream = tcp.GetStream();
        var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{run.User}:{run.Password}"));
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"POST /web1/locks/{id} HTTP/1.1\r\nHost: x\r\nAuthorization: Basic {basic}\r\nContent-Length: {body.Length}\r\n\r\n"));
        await stream.WriteAsync(body.AsMemory(0, 5));
        await stream.FlushAsync();
        // The request is past authentication once the server waits for the rest of the body; give it that moment.
        for (var i = 0; i < 100 && !Directory.EnumerateFiles(s.Root, "*", SearchOption.AllDirectories).Any(f => f.Contains("locks", StringComparison.Ordinal)); i++) await Task.Delay(10);

        var removed = await s.Server.RevokeAsync(run);
        await stream.WriteAsync(body.AsMemory(5));
        var reply = new byte[64];
        var read = await stream.ReadAsync(reply);

        Assert.Empty(removed);
        Assert.StartsWith("HTTP/1.1 401", System.Text.Encoding.ASCII.GetString(reply, 0, read));
        Assert.False(File.Exists(Path.Combine(s.Root, "web1", "locks", id)));
    }

    [Fact]
    public async Task A_restore_grant_reads_and_writes_only_its_own_locks()
    {
        await using var s = await StartAsync();
        var backup = s.Server.GrantRun(RunPurpose.Backup, Web1);
        using var backupClient = s.NewClient(backup.User, backup.Password);
        await backupClient.Create("/web1/");
        await backupClient.Post("/web1/config", "c"u8.ToArray());
        var (foreign, foreignId) = Blob.Make("the backup's lock");
        await backupClient.Post($"/web1/locks/{foreignId}", foreign);

        var restore = s.Server.GrantRun(RunPurpose.Restore, Web1);
        using var client = s.NewClient(restore.User, restore.Password);
        var (data, dataId) = Blob.Make("pack");
        var (own, ownId) = Blob.Make("the restore's lock");

        Assert.Equal(200, await client.Get("/web1/config").Status());
        Assert.Equal(200, await client.Get("/web1/locks/").Status());
        Assert.Equal(403, await client.Post($"/web1/data/{dataId}", data).Status());
        Assert.Equal(403, await client.Post("/web1/config", "d"u8.ToArray()).Status());
        Assert.Equal(403, await client.Create("/web1/").Status());
        Assert.Equal(403, await client.Delete("/web1/config").Status());
        Assert.Equal(403, await client.Delete($"/web1/locks/{foreignId}").Status());
        Assert.Equal(200, await client.Post($"/web1/locks/{ownId}", own).Status());
        Assert.Equal(200, await client.Delete($"/web1/locks/{ownId}").Status());
        Assert.Equal(401, await client.Get("/web2/config").Status());
    }

    [Fact]
    public async Task A_repository_exists_once_it_has_a_config_and_is_measured_through_the_store()
    {
        await using var s = await StartAsync();
        var grant = s.Server.GrantRun(RunPurpose.Backup, Web1);
        using var client = s.NewClient(grant.User, grant.Password);
        await client.Create("/web1/");
        Assert.False(await s.Server.RepositoryExistsAsync(Web1));

        await client.Post("/web1/config", new byte[10]);
        var (snapshot, snapshotId) = Blob.Make("snapshot");
        var (pack, packId) = Blob.Random(1000);
        await client.Post($"/web1/snapshots/{snapshotId}", snapshot);
        await client.Post($"/web1/data/{packId}", pack);

        Assert.True(await s.Server.RepositoryExistsAsync(Web1));
        Assert.Equal(new RepositoryUsage(10 + snapshot.Length + 1000, 1), await s.Server.MeasureRepositoryAsync(Web1));
    }

    [Fact]
    public async Task Sweeping_one_repository_leaves_the_others_temporaries()
    {
        await using var s = await StartAsync();
        var own = Path.Combine(s.Root, "web1", "data", "00", "00aa" + FileSystemLayout.TempMarker + "1");
        var other = Path.Combine(s.Root, "web2", "data", "00", "00bb" + FileSystemLayout.TempMarker + "1");
        foreach (var file in new[] { own, other })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, "left by a crash");
        }

        Assert.Equal(1, await s.Server.SweepTemporariesAsync(Web1));
        Assert.False(File.Exists(own));
        Assert.True(File.Exists(other));
    }
}
