using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Kaya.Server.Repository;
using Kaya.Server.Storage;

namespace Kaya.Storage.S3;

/// <summary>
/// Repositories in an S3-compatible bucket (Ceph RGW, AWS, …), in rest-server's layout under a prefix.
/// Every object goes up as one PUT with <c>If-None-Match: *</c>, so nothing is ever overwritten and
/// nothing partial is ever visible; multipart is never used (RGW 16 ignores the condition on
/// CompleteMultipartUpload, and restic's packs, at most 128 MiB, fit a single PUT).
/// </summary>
public sealed partial class S3RepositoryStore : IRepositoryStore, IRepositoryUsage, IDisposable
{
    /// <summary>Metadata holding the SHA-256 (lower-case hex) of the body, so a re-upload compares without reading.</summary>
    internal const string Sha256Metadata = "x-amz-meta-kaya-sha256";

    private readonly IAmazonS3 _client;
    private readonly bool _ownsClient;

    /// <summary>Builds its own client from <paramref name="options"/> (see <see cref="S3ClientFactory"/>).</summary>
    public S3RepositoryStore(S3StoreOptions options)
        : this(S3ClientFactory.Create(options), options, ownsClient: true)
    {
    }

    /// <summary>Uses a client the caller built and keeps owning.</summary>
    public S3RepositoryStore(IAmazonS3 client, S3StoreOptions options)
        : this(client, options, ownsClient: false)
    {
    }

    private S3RepositoryStore(IAmazonS3 client, S3StoreOptions options, bool ownsClient)
    {
        _client = client;
        _ownsClient = ownsClient;
        Options = options;
        Bucket = options.Bucket;
        Layout = new S3Layout(options.Prefix);
    }

    public S3StoreOptions Options { get; }

    public string Bucket { get; }

    public S3Layout Layout { get; }

    internal IAmazonS3 Client => _client;

    public async ValueTask CreateRepositoryAsync(RepositoryPath repository, CancellationToken cancellationToken)
    {
        // A bucket has no folders: an empty marker object (the repository's prefix itself, as S3 consoles
        // make folders) says the repository was created before its config arrives (LIST-6).
        var marker = Layout.Repository(repository);
        if (marker.Length == 0) return;
        var request = new PutObjectRequest { BucketName = Bucket, Key = marker, InputStream = Stream.Null, IfNoneMatch = "*" };
        try
        {
            await _client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            // Created before.
        }
        catch (Exception e) when (ObjectStoreException.IsStoreFailure(e))
        {
            throw ObjectStoreException.From("PUT", Bucket, marker, e);
        }
    }

    public async ValueTask<long?> GetSizeAsync(RepositoryPath repository, ObjectKey key, CancellationToken cancellationToken) =>
        (await HeadAsync(Layout.Key(repository, key), cancellationToken).ConfigureAwait(false))?.ContentLength;

    /// <summary>The object's metadata, or null when it does not exist; a missing bucket is an error, not a missing object.</summary>
    internal async ValueTask<GetObjectMetadataResponse?> HeadAsync(string objectKey, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Bucket, Key = objectKey }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // A HEAD answer has no body, hence no error code: NoSuchKey and NoSuchBucket look alike.
            await EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (ObjectStoreException.IsStoreFailure(e))
        {
            throw ObjectStoreException.From("HEAD", Bucket, objectKey, e);
        }
    }

    /// <summary>
    /// Asks the store whether the bucket exists and the credentials may use it, so that a server refuses
    /// to start on a mistyped bucket or endpoint instead of answering every request with 500.
    /// </summary>
    /// <exception cref="ObjectStoreException">no such bucket, refused credentials, no credentials found, endpoint unreachable; the message names the bucket and the S3 error code</exception>
    public async ValueTask CheckBucketAsync(CancellationToken cancellationToken)
    {
        try
        {
            // GetBucketLocation answers NoSuchBucket with a body (HeadBucket would not say why).
            await _client.GetBucketLocationAsync(new GetBucketLocationRequest { BucketName = Bucket }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ObjectStoreException.IsStoreFailure(e))
        {
            throw ObjectStoreException.From("GET ?location", Bucket, "", e);
        }
    }

    /// <summary>
    /// A HEAD of the bucket: cheap, and its answer has no body. (GetBucketLocation's body costs ~40 ms
    /// of Nagle and delayed ACK against RGW 16, measured; it is asked only to say why the bucket failed.)
    /// </summary>
    private async ValueTask EnsureBucketAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.HeadBucketAsync(new HeadBucketRequest { BucketName = Bucket }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ObjectStoreException.IsStoreFailure(e))
        {
            await CheckBucketAsync(cancellationToken).ConfigureAwait(false);
            throw ObjectStoreException.From("HEAD", Bucket, "", e);
        }
    }

    public ValueTask<IObjectReader?> OpenReadAsync(RepositoryPath repository, ObjectKey key, CancellationToken cancellationToken) =>
        OpenReadAsync(repository, key, 0, cancellationToken);

    /// <summary>One GET from <paramref name="firstByte"/>, no HEAD before it: its answer says whether the object exists and its length.</summary>
    public async ValueTask<IObjectReader?> OpenReadAsync(RepositoryPath repository, ObjectKey key, long firstByte, CancellationToken cancellationToken) =>
        await S3ObjectReader.OpenAsync(this, Layout.Key(repository, key), firstByte, cancellationToken).ConfigureAwait(false);

    public async ValueTask<IEnumerable<ObjectEntry>?> ListAsync(RepositoryPath repository, ObjectType type, CancellationToken cancellationToken)
    {
        var listing = new S3Listing(this, Layout.Type(repository, type), type == ObjectType.Data);
        if (await listing.FetchFirstPageAsync(cancellationToken).ConfigureAwait(false)) return listing;
        return await RepositoryExistsAsync(repository, cancellationToken).ConfigureAwait(false) ? listing : null;
    }

    private async ValueTask<bool> RepositoryExistsAsync(RepositoryPath repository, CancellationToken cancellationToken)
    {
        var marker = Layout.Repository(repository);
        var config = HeadAsync(Layout.Config(repository), cancellationToken).AsTask();
        var created = marker.Length == 0 ? Task.FromResult<GetObjectMetadataResponse?>(null) : HeadAsync(marker, cancellationToken).AsTask();
        return await config.ConfigureAwait(false) is not null || await created.ConfigureAwait(false) is not null;
    }

    public async ValueTask<long?> DeleteAsync(RepositoryPath repository, ObjectKey key, CancellationToken cancellationToken)
    {
        // S3 answers 204 whether or not the object was there: ask first, for the size and the 404.
        var objectKey = Layout.Key(repository, key);
        var head = await HeadAsync(objectKey, cancellationToken).ConfigureAwait(false);
        if (head is null) return null;
        try
        {
            await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = objectKey }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ObjectStoreException.IsStoreFailure(e))
        {
            throw ObjectStoreException.From("DELETE", Bucket, objectKey, e);
        }
        return head.ContentLength;
    }

    /// <summary>Without a length the body is spooled to a bounded local file first (see <see cref="BeginUploadAsync(RepositoryPath, ObjectKey, long?, CancellationToken)"/>).</summary>
    public ValueTask<IObjectUpload> BeginUploadAsync(RepositoryPath repository, ObjectKey key, CancellationToken cancellationToken) =>
        BeginUploadAsync(repository, key, null, cancellationToken);

    /// <summary>
    /// With the announced length (bytes) the body streams into one PUT as it arrives, its last byte held
    /// back until the SHA-256 matches the name; without one it is spooled to a local temporary file of
    /// at most <see cref="S3StoreOptions.SpoolLimit"/> bytes and sent once verified.
    /// </summary>
    public ValueTask<IObjectUpload> BeginUploadAsync(RepositoryPath repository, ObjectKey key, long? length, CancellationToken cancellationToken)
    {
        var objectKey = Layout.Key(repository, key);
        IObjectUpload upload = length is { } announced
            ? new StreamingUpload(this, objectKey, key, announced)
            : new SpooledUpload(this, objectKey, key);
        return ValueTask.FromResult(upload);
    }

    /// <summary>Bytes held by every object below the prefix (one paged listing).</summary>
    public ValueTask<long> MeasureUsageAsync(CancellationToken cancellationToken) => SumAsync(Layout.Root, cancellationToken);

    /// <summary>
    /// Bytes held by one repository (its config and the objects below its type prefixes, not repositories
    /// nested below it), for a quota counted per repository on its first upload: one HEAD and a listing
    /// per type, in parallel.
    /// </summary>
    /// <exception cref="ObjectStoreException">the store could not be listed</exception>
    public async ValueTask<long> MeasureUsageAsync(RepositoryPath repository, CancellationToken cancellationToken)
    {
        var config = HeadAsync(Layout.Config(repository), cancellationToken).AsTask();
        var types = ObjectTypes.All.Select(t => SumAsync(Layout.Type(repository, t), cancellationToken).AsTask()).ToArray();
        var sizes = await Task.WhenAll(types).ConfigureAwait(false);
        return ((await config.ConfigureAwait(false))?.ContentLength ?? 0) + sizes.Sum();
    }

    /// <summary>False: a HEAD is one more round trip per upload, and the conditional PUT finds an existing object itself.</summary>
    public bool LookupBeforeUpload => false;

    private async ValueTask<long> SumAsync(string prefix, CancellationToken cancellationToken)
    {
        long total = 0;
        await foreach (var o in new S3Listing(this, prefix, nested: true).AllObjectsAsync(cancellationToken).ConfigureAwait(false)) total += o.Size ?? 0;
        return total;
    }

    /// <summary>
    /// After a 412 on a conditional PUT: the same bytes are there already (same size and SHA-256) or
    /// a different object holds the name. The SHA-256 comes from the object's metadata when Kaya wrote
    /// it, else from reading it (a config, or an object copied in by another tool).
    /// </summary>
    internal async ValueTask<CommitOutcome> CompareExistingAsync(string objectKey, long length, byte[] sha256, CancellationToken cancellationToken)
    {
        var head = await HeadAsync(objectKey, cancellationToken).ConfigureAwait(false);
        // Gone again (deleted since): not ours to recreate under a race; the client retries.
        if (head is null || head.ContentLength != length) return CommitOutcome.Conflict;
        var ours = Convert.ToHexStringLower(sha256);
        var kept = head.Metadata[Sha256Metadata];
        if (!string.IsNullOrEmpty(kept)) return kept == ours ? CommitOutcome.Identical : CommitOutcome.Conflict;
        try
        {
            using var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = objectKey }, cancellationToken).ConfigureAwait(false);
            using var body = response.ResponseStream;
            var theirs = await SHA256.HashDataAsync(body, cancellationToken).ConfigureAwait(false);
            return theirs.AsSpan().SequenceEqual(sha256) ? CommitOutcome.Identical : CommitOutcome.Conflict;
        }
        catch (Exception e) when (ObjectStoreException.IsStoreFailure(e))
        {
            throw ObjectStoreException.From("GET", Bucket, objectKey, e);
        }
    }

    /// <summary>
    /// One conditional single PUT: never replaces an object, never multipart. <paramref name="sha256"/>
    /// (lower-case hex), when given, is the body's SHA-256 that the caller checks before the object can
    /// complete; it is kept in the object's metadata, and <see cref="KayaS3Client"/> sends such a body
    /// without the SDK's chunk signatures.
    /// </summary>
    internal PutObjectRequest NewPut(string objectKey, Stream body, long length, string? sha256)
    {
        var request = new PutObjectRequest
        {
            BucketName = Bucket,
            Key = objectKey,
            InputStream = body,
            AutoCloseStream = false,
            AutoResetStreamPosition = false,
            IfNoneMatch = "*",
        };
        request.Headers.ContentLength = length;
        if (sha256 is not null) request.Metadata.Add(Sha256Metadata, sha256);
        return request;
    }

    /// <summary>Waits for a conditional PUT: stored, or (412) identical to or in conflict with the object already there.</summary>
    internal async ValueTask<CommitOutcome> SettlePutAsync(Task put, string objectKey, long length, byte[] sha256, CancellationToken cancellationToken)
    {
        try
        {
            await put.ConfigureAwait(false);
            return CommitOutcome.Stored;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            return await CompareExistingAsync(objectKey, length, sha256, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ObjectStoreException.IsStoreFailure(e))
        {
            throw ObjectStoreException.From("PUT", Bucket, objectKey, e);
        }
    }

    /// <summary>
    /// The store checks what it stores itself (VERIFY-1), whatever the protocol did: an object named by
    /// its SHA-256 is never completed with other bytes (its uploads answer <see cref="CommitOutcome.NotItsName"/>).
    /// </summary>
    internal static bool IsItsName(ObjectKey key, byte[] sha256)
    {
        if (key.IsConfig) return true;
        Span<char> hex = stackalloc char[ObjectId.Length];
        Convert.TryToHexStringLower(sha256, hex, out _);
        return hex.SequenceEqual(key.Id.Value);
    }

    public void Dispose()
    {
        if (_ownsClient) _client.Dispose();
    }
}
