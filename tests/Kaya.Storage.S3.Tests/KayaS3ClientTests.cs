using System.Security.Cryptography;
using Kaya.Server.Repository;
using Kaya.Server.Storage;
using Kaya.Storage.S3.Tests.Support;
using static Kaya.Storage.S3.Tests.Support.Blobs;

namespace Kaya.Storage.S3.Tests;

/// <summary>What the store's requests look like on the wire, against RGW 16 (which must accept them).</summary>
[Collection(CephCollection.Name)]
public sealed class KayaS3ClientTests(CephCluster cluster) : IAsyncLifetime
{
    private readonly RecordingHttpClientFactory _wire = new();
    private TestBucket _bucket = null!;
    private S3RepositoryStore _store = null!;
    private KayaS3Client _client = null!;

    public async Task InitializeAsync()
    {
        _bucket = await TestBucket.CreateAsync(cluster);
        var options = TestBucket.Options(cluster, _bucket.Name);
        var config = S3ClientFactory.Config(options);
        config.HttpClientFactory = _wire;
        _client = new KayaS3Client(options.Credentials!, config);
        _store = new S3RepositoryStore(_client, options);
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        _client.Dispose();
        _bucket.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_streamed_named_upload_goes_as_one_plain_body_carrying_its_sha256_and_the_others_keep_signed_chunks()
    {
        var body = Random(300_000);
        var spooled = Random(1000);
        Assert.Equal(CommitOutcome.Stored, await UploadAsync(_store, Key(ObjectType.Data, body), body));
        Assert.Equal(CommitOutcome.Stored, await UploadAsync(_store, ObjectKey.Config, "config bytes"u8.ToArray()));
        Assert.Equal(CommitOutcome.Stored, await UploadAsync(_store, Key(ObjectType.Index, spooled), spooled, announceLength: false));

        var data = Assert.Single(_wire.Requests, r => r.Method == "PUT" && r.Path.Contains("/data/"));
        Assert.Equal("300000", data.Headers["content-length"]);
        Assert.False(data.Headers.ContainsKey("content-encoding"), "a named upload must not be aws-chunked");
        Assert.Equal("UNSIGNED-PAYLOAD", data.Headers["x-amz-content-sha256"]);
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(body)), data.Headers["x-amz-checksum-sha256"]);
        var config = Assert.Single(_wire.Requests, r => r.Method == "PUT" && r.Path.EndsWith("/config"));
        Assert.Equal("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", config.Headers["x-amz-content-sha256"]);
        var index = Assert.Single(_wire.Requests, r => r.Method == "PUT" && r.Path.Contains("/index/"));
        Assert.Equal("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", index.Headers["x-amz-content-sha256"]);
        Assert.Equal(body, await _bucket.GetAsync($"backups/host1/data/{IdOf(body).Value[..2]}/{IdOf(body)}"));
    }

    [Fact]
    public async Task Reading_an_object_or_a_missing_one_is_one_GET_and_no_HEAD()
    {
        var body = Random(100_000);
        var key = Key(ObjectType.Data, body);
        await UploadAsync(_store, key, body);
        _wire.Requests.Clear();

        using (var reader = (await _store.OpenReadAsync(Repo, key, 1000, default))!)
        {
            Assert.Equal(body.Length, reader.Length);
            Assert.Equal(body.AsSpan(1000).ToArray(), await ReadAsync(reader, 1000, body.Length - 1000));
        }
        Assert.Null(await _store.OpenReadAsync(Repo, Key(ObjectType.Data, Random(10)), default));

        Assert.Equal(["GET", "GET"], _wire.Requests.Select(r => r.Method));
        Assert.StartsWith("bytes=1000-", _wire.Requests.First().Range);
    }
}
