using System.Diagnostics;

namespace Kaya.Bench.ObjectStore;

/// <summary>
/// The s3 rows' object store: a single-node Ceph cluster from the test kit (mon, memstore OSD, RGW on
/// loopback), a bucket for the measurements, and a second bucket holding the listing's repository,
/// copied up once before the rounds.
/// </summary>
public sealed class S3Setup : IAsyncDisposable
{
    /// <summary>
    /// memstore holds every object in RAM and RGW frees deleted tails only after its GC delay (hours), so
    /// it must hold the whole run: per round ~1.7 GB of raw uploads and ~1.1 GB of restic repositories.
    /// </summary>
    private const long MemstoreBytes = 10L * 1024 * 1024 * 1024;

    private const string MeasureBucket = "bench", ListingBucket = "bench-listing";

    private readonly CephCluster _cluster;

    private S3Setup(CephCluster cluster, S3Target target, string listingPath)
    {
        _cluster = cluster;
        Target = target;
        ListingPath = listingPath;
    }

    public S3Target Target { get; }

    /// <summary>BUCKET/PREFIX whose "repo" holds the listing's files, in the layout both servers use.</summary>
    public string ListingPath { get; }

    /// <summary>Wall time of copying the listing's repository into its bucket.</summary>
    public TimeSpan ListingUpload { get; private set; }

    /// <summary>Starts the cluster, makes the buckets, and copies the listing's repository (<paramref name="listingRoot"/>/repo) up unless it is null.</summary>
    /// <exception cref="InvalidOperationException">a Ceph package is missing or the cluster did not start</exception>
    /// <exception cref="ProgramException">rclone could not make a bucket or copy the listing</exception>
    public static async Task<S3Setup> StartAsync(string? listingRoot, string rclone, CancellationToken ct)
    {
        // Debian's rclone 1.60 refuses to start while AWS_CA_BUNDLE is set; RGW here is plain http.
        Environment.SetEnvironmentVariable("AWS_CA_BUNDLE", null);
        var cluster = new CephCluster { MemstoreBytes = MemstoreBytes };
        try
        {
            await cluster.InitializeAsync();
            var target = new S3Target(cluster.Endpoint, cluster.AccessKey, cluster.SecretKey, MeasureBucket);
            var env = target.Environment();
            var listingPath = listingRoot is null ? "" : $"{ListingBucket}/{Path.GetFileName(listingRoot)}";
            foreach (var bucket in new[] { MeasureBucket, ListingBucket })
                (await Programs.RunAsync(rclone, ["mkdir", S3Target.Rclone(bucket)], env, ct)).EnsureSuccess($"rclone mkdir {bucket}");
            var setup = new S3Setup(cluster, target, listingPath);
            if (listingRoot is null) return setup;
            var clock = Stopwatch.StartNew();
            // Many small PUTs in parallel, one request per object: no existence check before (the bucket is
            // new), no HEAD after, no bucket check per upload.
            (await Programs.RunAsync(rclone, ["copy", listingRoot, S3Target.Rclone(listingPath), "--transfers", "32", "--checkers", "32",
                "--no-check-dest", "--no-traverse", "--s3-no-head", "--s3-no-check-bucket"], env, ct))
                .EnsureSuccess($"rclone copy {listingRoot} to {listingPath}");
            setup.ListingUpload = clock.Elapsed;
            return setup;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();
}
