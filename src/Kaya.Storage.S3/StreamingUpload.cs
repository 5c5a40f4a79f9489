using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using Amazon.S3.Model;
using Kaya.Server.Repository;
using Kaya.Server.Storage;

namespace Kaya.Storage.S3;

/// <summary>
/// A body of announced length streamed into one conditional PUT as it arrives, hashed on the way.
/// The object's last byte is held back until the commit has checked the SHA-256 against the name:
/// the store completes an object only once it has every announced byte, so a body that fails the
/// check (or a client that goes away) ends in an aborted request and nothing under the name.
/// </summary>
internal sealed class StreamingUpload : IObjectUpload
{
    // Up to 1 MiB between Kestrel and the SDK's send loop: enough to keep both busy, small per upload;
    // in blocks that are reused, not allocated per segment (see UploadBufferPool).
    private static readonly PipeOptions Buffering = new(
        pool: UploadBufferPool.Shared, pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024,
        minimumSegmentSize: UploadBufferPool.BlockSize, useSynchronizationContext: false);

    private readonly S3RepositoryStore _store;
    private readonly string _objectKey;
    private readonly ObjectKey _key;
    private readonly long _length;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Pipe _pipe = new(Buffering);
    private readonly CancellationTokenSource _abort = new();
    private Task? _put;
    private bool _sendEnded;
    private long _written;
    private byte _last;
    private bool _settled;

    public StreamingUpload(S3RepositoryStore store, string objectKey, ObjectKey key, long length)
    {
        _store = store;
        _objectKey = objectKey;
        _key = key;
        _length = length;
    }

    public long Written => _written;

    public bool Published { get; private set; }

    /// <summary>True: the body is hashed here, and its last byte held back until it matches the name.</summary>
    public bool ChecksName => true;

    public async ValueTask WriteAsync(ReadOnlySequence<byte> data, CancellationToken cancellationToken)
    {
        foreach (var segment in data)
        {
            if (_written + segment.Length > _length)
                throw new ObjectStoreException($"upload to s3://{_store.Bucket}/{_objectKey}: body longer than the announced {_length} bytes");
            _hash.AppendData(segment.Span);
            var send = segment;
            if (_written + segment.Length == _length && !segment.IsEmpty)
            {
                _last = segment.Span[^1];
                send = segment[..^1];
            }
            _written += segment.Length;
            await SendAsync(send, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (bytes.IsEmpty || _sendEnded) return;
        _put ??= PutAsync();
        var flush = await _pipe.Writer.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        // The request ended early (an error, or a 412 answered before the body): keep hashing, send no more.
        if (flush.IsCompleted) _sendEnded = true;
    }

    private async Task PutAsync()
    {
        try
        {
            // A config's SHA-256 is known only at its end: it keeps the SDK's signed chunks (a few hundred bytes).
            var sha256 = _key.IsConfig ? null : _key.Id.Value;
            // An empty body as a stream of nothing: over an empty pipe the SDK signs a payload hash RGW
            // rejects (400 XAmzContentSHA256Mismatch, measured on RGW 16).
            var body = _length == 0 ? Stream.Null : _pipe.Reader.AsStream();
            var request = _store.NewPut(_objectKey, body, _length, sha256);
            await _store.Client.PutObjectAsync(request, _abort.Token).ConfigureAwait(false);
        }
        finally
        {
            await _pipe.Reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask<CommitOutcome> CommitAsync(CancellationToken cancellationToken)
    {
        if (_written != _length)
            throw new ObjectStoreException($"upload to s3://{_store.Bucket}/{_objectKey}: {_written} of the announced {_length} bytes arrived; nothing stored");
        var digest = _hash.GetHashAndReset();
        // The PUT still waits for its last byte: DisposeAsync cuts it short, and nothing is stored.
        if (!S3RepositoryStore.IsItsName(_key, digest)) return CommitOutcome.NotItsName;
        if (_length > 0) await SendAsync(new[] { _last }, cancellationToken).ConfigureAwait(false);
        _put ??= PutAsync();
        await _pipe.Writer.CompleteAsync().ConfigureAwait(false);
        var outcome = await _store.SettlePutAsync(_put, _objectKey, _length, digest, cancellationToken).ConfigureAwait(false);
        _settled = true;
        Published = outcome == CommitOutcome.Stored;
        return outcome;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_settled)
        {
            // Cut the request short: the store discards a PUT that ends before its Content-Length.
            _abort.Cancel();
            await _pipe.Writer.CompleteAsync(new OperationCanceledException("upload abandoned")).ConfigureAwait(false);
            if (_put is not null)
            {
                try { await _put.ConfigureAwait(false); }
                catch (Exception) { /* the abort itself */ }
            }
        }
        _hash.Dispose();
        _abort.Dispose();
    }
}
