using System.Buffers;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Kaya.Server.Repository;
using Kaya.Server.Storage;

namespace Kaya.Storage.S3.Tests.Support;

/// <summary>A fresh bucket on the shared cluster and a store over it, so tests never see each other's objects.</summary>
public sealed class TestBucket : IDisposable
{
    private TestBucket(CephCluster cluster, string name, AmazonS3Client client)
    {
        Cluster = cluster;
        Name = name;
        Client = client;
    }

    public CephCluster Cluster { get; }
    public string Name { get; }

    /// <summary>A client with the same settings the store uses, to look behind its back.</summary>
    public AmazonS3Client Client { get; }

    public static async Task<TestBucket> CreateAsync(CephCluster cluster)
    {
        var name = "kaya-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var client = S3ClientFactory.Create(Options(cluster, name));
        await client.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return new TestBucket(cluster, name, client);
    }

    public static S3StoreOptions Options(CephCluster cluster, string bucket, string prefix = "backups") => new()
    {
        Bucket = bucket,
        Prefix = prefix,
        Endpoint = cluster.Endpoint,
        Credentials = new BasicAWSCredentials(cluster.AccessKey, cluster.SecretKey),
    };

    /// <summary>s3://BUCKET/PREFIX, as kaya serve --storage and kaya.conf's storage= take it.</summary>
    public string Storage(string prefix = "backups") => $"s3://{Name}/{prefix}";

    /// <summary>
    /// The environment a kaya process finds its credentials in (the SDK's standard variables, never a
    /// flag); instance metadata off, so that a missing credential fails at once instead of probing EC2.
    /// </summary>
    public Dictionary<string, string> Environment() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = Cluster.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = Cluster.SecretKey,
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    /// <summary>Starts <c>kaya serve --storage s3://BUCKET/PREFIX --s3-endpoint RGW --path LOCAL ARGS</c> with the credentials in its environment.</summary>
    public Task<ServerProcess> ServeAsync(string localPath, params string[] args) => ServerProcess.StartAsync("dotnet",
        [KayaCli.Dll, "serve", "--storage", Storage(), "--s3-endpoint", Cluster.Endpoint.ToString(), "--path", localPath, "--listen", "127.0.0.1:0", .. args],
        env: Environment());

    public S3RepositoryStore NewStore(string prefix = "backups", int listPageSize = 1000) =>
        new(Options(Cluster, Name, prefix) with { ListPageSize = listPageSize });

    /// <summary>Every key in the bucket, as the store's client cannot hide any.</summary>
    public async Task<List<string>> AllKeysAsync()
    {
        var response = await Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Name });
        return (response.S3Objects ?? []).Select(o => o.Key).ToList();
    }

    public async Task<byte[]> GetAsync(string key)
    {
        using var response = await Client.GetObjectAsync(Name, key);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy);
        return copy.ToArray();
    }

    public Task PutRawAsync(string key, byte[] body) =>
        Client.PutObjectAsync(new PutObjectRequest { BucketName = Name, Key = key, InputStream = new MemoryStream(body) });

    public void Dispose() => Client.Dispose();
}

/// <summary>Bodies named by their SHA-256, and uploads through the store's interface as the protocol drives it.</summary>
public static class Blobs
{
    public static readonly RepositoryPath Repo = new(["host1"]);

    public static byte[] Random(int size) => RandomNumberGenerator.GetBytes(size);

    public static ObjectId IdOf(byte[] body) => new(Convert.ToHexStringLower(SHA256.HashData(body)));

    public static ObjectKey Key(ObjectType type, byte[] body) => ObjectKey.Object(type, IdOf(body));

    /// <summary>Writes the body in 256 KiB steps (the protocol's), then commits.</summary>
    public static async Task<CommitOutcome> UploadAsync(IRepositoryStore store, ObjectKey key, byte[] body, bool announceLength = true)
    {
        var s3 = (S3RepositoryStore)store;
        await using var upload = await s3.BeginUploadAsync(Repo, key, announceLength ? body.Length : null, CancellationToken.None);
        for (var at = 0; at < body.Length; at += 256 * 1024)
        {
            var n = Math.Min(256 * 1024, body.Length - at);
            await upload.WriteAsync(new ReadOnlySequence<byte>(body, at, n), CancellationToken.None);
        }
        return await upload.CommitAsync(CancellationToken.None);
    }

    public static async Task<byte[]> ReadAsync(IObjectReader reader, long offset, int length, int step = 64 * 1024)
    {
        var result = new byte[length];
        var done = 0;
        while (done < length)
        {
            var n = await reader.ReadAsync(result.AsMemory(done, Math.Min(step, length - done)), offset + done, CancellationToken.None);
            Assert.True(n > 0, $"read returned 0 at {offset + done}");
            done += n;
        }
        return result;
    }
}
