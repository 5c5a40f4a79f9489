using System.Net;
using Kaya.Server.Access;
using Kaya.Server.Hosting;
using Kaya.Storage.S3.Tests.Support;

namespace Kaya.Storage.S3.Tests.Protocol;

/// <summary>--max-size over a bucket: a limit per repository, counted on its first upload, never by listing the bucket.</summary>
[Collection(CephCollection.Name)]
public sealed class QuotaOverS3Tests(CephCluster cluster)
{
    private const long Limit = 1000;

    [Fact]
    public async Task A_server_starts_without_listing_the_bucket_and_enforces_the_limit_from_a_repositorys_first_upload()
    {
        using var bucket = await TestBucket.CreateAsync(cluster);
        // Another repository far past the limit, and host1 holding 600 bytes already.
        for (var i = 0; i < 3; i++)
        {
            var id = Blobs.IdOf(Blobs.Random(1)).Value;
            await bucket.PutRawAsync($"backups/other/data/{id[..2]}/{id}", Blobs.Random(2000));
        }
        await bucket.PutRawAsync("backups/host1/", []);
        await bucket.PutRawAsync("backups/host1/config", new byte[600]);

        var options = TestBucket.Options(cluster, bucket.Name);
        using var client = new ListCountingClient(options);
        using var store = new S3RepositoryStore(client, options);
        using var folder = new TempFolder();
        await using var server = await KayaServer.StartAsync(new KayaServerOptions
        {
            DataPath = folder.Path,
            Store = store,
            Listen = [ListenAddress.Loopback(0)],
            Authentication = ServerAuthentication.None,
            MaxSize = Limit,
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}/") };

        Assert.Empty(client.Listed);

        var fits = Blobs.Random(300);
        var over = Blobs.Random(200);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(http, "host1", fits));
        Assert.Equal(HttpStatusCode.InsufficientStorage, await PostAsync(http, "host1", over));
        Assert.DoesNotContain($"backups/host1/data/{Blobs.IdOf(over).Value[..2]}/{Blobs.IdOf(over)}", await bucket.AllKeysAsync());
        var host1 = client.Listed.ToArray();
        Assert.NotEmpty(host1);
        Assert.All(host1, prefix => Assert.StartsWith("backups/host1/", prefix));

        // The other repository has a limit of its own, passed already.
        Assert.Equal(HttpStatusCode.InsufficientStorage, await PostAsync(http, "other", Blobs.Random(10)));
        Assert.All(client.Listed.Skip(host1.Length), prefix => Assert.StartsWith("backups/other/", prefix));

        // A delete gives its bytes back to the repository's count: now the 200 bytes fit.
        using (var deleted = await http.DeleteAsync($"/host1/data/{Blobs.IdOf(fits)}"))
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(http, "host1", over));
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, string repository, byte[] body)
    {
        using var response = await http.PostAsync($"/{repository}/data/{Blobs.IdOf(body)}", new ByteArrayContent(body));
        return response.StatusCode;
    }
}
