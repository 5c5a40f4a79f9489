using Amazon.S3.Model;
using Kaya.Server.Storage;

namespace Kaya.Storage.S3;

/// <summary>
/// Reads an object through ranged GETs. Sequential reads continue one response; each new response
/// asks for a window that doubles from 1 MiB to 16 MiB, so a small blob read fetches little and a
/// whole pack streams in a few requests.
/// </summary>
/// <remarks>
/// The reader is not told where the caller's range ends; the window bounds what a short read costs
/// the store (today's <see cref="IObjectReader"/> takes offsets only).
/// </remarks>
internal sealed class S3ObjectReader(S3RepositoryStore store, string objectKey, long length) : IObjectReader
{
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
        var request = new GetObjectRequest { BucketName = store.Bucket, Key = objectKey, ByteRange = new ByteRange(offset, end - 1) };
        try
        {
            _response = await store.Client.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ObjectStoreException.IsStoreFailure(e))
        {
            // Even NoSuchKey: the object was there a moment ago, so this is a failure, not a 404.
            throw ObjectStoreException.From("GET", store.Bucket, objectKey, e);
        }
        _body = _response.ResponseStream;
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
