using System.Globalization;
using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Kaya.Server.Storage;

namespace Kaya.Storage.S3;

/// <summary>
/// Reads an object through ranged GETs. Sequential reads continue one response; each new response
/// asks for a window that doubles from 1 MiB to 16 MiB, so a small blob read fetches little and a
/// whole pack streams in a few requests. <see cref="OpenAsync"/> sends the first GET itself: its answer
/// says whether the object exists and how long it is, so no HEAD goes before it.
/// </summary>
/// <remarks>
/// The reader is not told where the caller's range ends; the window bounds what a short read costs
/// the store (today's <see cref="IObjectReader"/> takes offsets only).
/// </remarks>
internal sealed class S3ObjectReader(S3RepositoryStore store, string objectKey, long length) : IObjectReader
{
    /// <summary>
    /// The reader of an object with its first window from <paramref name="firstByte"/> already asked
    /// for, or null when the object does not exist. A start at or past the end (an empty object, a
    /// range past it) is answered 416 without the length: then a HEAD says it.
    /// </summary>
    /// <exception cref="ObjectStoreException">the store failed, or the bucket is missing (never a missing object)</exception>
    public static async ValueTask<S3ObjectReader?> OpenAsync(S3RepositoryStore store, string objectKey, long firstByte, CancellationToken cancellationToken)
    {
        var end = firstByte + FirstWindow;
        GetObjectResponse response;
        try
        {
            response = await store.Client.GetObjectAsync(Ranged(store, objectKey, firstByte, end), cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        {
            return null;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            var head = await store.HeadAsync(objectKey, cancellationToken).ConfigureAwait(false);
            return head is null ? null : new S3ObjectReader(store, objectKey, head.ContentLength);
        }
        catch (Exception e) when (ObjectStoreException.IsStoreFailure(e))
        {
            throw ObjectStoreException.From("GET", store.Bucket, objectKey, e);
        }
        // 206's Content-Range ends in the object's length; a store that ignores Range answers 200 with all of it.
        var total = response.HttpStatusCode == HttpStatusCode.PartialContent ? TotalOf(response.ContentRange) : response.ContentLength;
        if (total is not { } size)
        {
            response.Dispose();
            throw new ObjectStoreException($"S3 GET s3://{store.Bucket}/{objectKey}: the answer's Content-Range \"{response.ContentRange}\" does not say the object's length");
        }
        var reader = new S3ObjectReader(store, objectKey, size);
        if (response.HttpStatusCode == HttpStatusCode.PartialContent) reader.Adopt(response, firstByte, Math.Min(size, end));
        else reader.Adopt(response, 0, size);
        return reader;
    }

    private static long? TotalOf(string? contentRange)
    {
        // "bytes START-END/TOTAL" (RFC 9110 §14.4).
        var slash = contentRange?.LastIndexOf('/') ?? -1;
        return slash >= 0 && long.TryParse(contentRange.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var total) ? total : null;
    }

    private static GetObjectRequest Ranged(S3RepositoryStore store, string objectKey, long start, long end) =>
        new() { BucketName = store.Bucket, Key = objectKey, ByteRange = new ByteRange(start, end - 1) };

    private const long FirstWindow = 1024 * 1024;
    // RGW reads RADOS 16 MiB ahead per GET by default (rgw_get_obj_window_size): no gain beyond that.
    private const long LargestWindow = 16 * 1024 * 1024;

    private GetObjectResponse? _response;
    private Stream? _body;
    private long _position;
    private long _windowEnd;
    private long _window = FirstWindow;

    public long Length => length;

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, long offset, CancellationToken cancellationToken)
    {
        if (offset >= length || buffer.IsEmpty) return 0;
        if (_body is null || offset != _position || _position >= _windowEnd)
        {
            if (_body is not null && offset == _position) _window = Math.Min(_window * 2, LargestWindow);
            await OpenAsync(offset, cancellationToken).ConfigureAwait(false);
        }
        var want = (int)Math.Min(buffer.Length, _windowEnd - _position);
        int n;
        try
        {
            n = await _body!.ReadAsync(buffer[..want], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ObjectStoreException.IsStoreFailure(e))
        {
            throw ObjectStoreException.From("GET", store.Bucket, objectKey, e);
        }
        if (n == 0) throw new ObjectStoreException($"S3 GET s3://{store.Bucket}/{objectKey} ended at byte {_position} of {length}: the object changed or the connection broke");
        _position += n;
        return n;
    }

    private async ValueTask OpenAsync(long offset, CancellationToken cancellationToken)
    {
        Close();
        var end = Math.Min(length, offset + _window);
        GetObjectResponse response;
        try
        {
            response = await store.Client.GetObjectAsync(Ranged(store, objectKey, offset, end), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ObjectStoreException.IsStoreFailure(e))
        {
            // Even NoSuchKey: the object was there a moment ago, so this is a failure, not a 404.
            throw ObjectStoreException.From("GET", store.Bucket, objectKey, e);
        }
        Adopt(response, offset, end);
    }

    private void Adopt(GetObjectResponse response, long offset, long end)
    {
        _response = response;
        _body = response.ResponseStream;
        _position = offset;
        _windowEnd = end;
    }

    private void Close()
    {
        _body?.Dispose();
        _response?.Dispose();
        _body = null;
        _response = null;
    }

    public void Dispose() => Close();
}
