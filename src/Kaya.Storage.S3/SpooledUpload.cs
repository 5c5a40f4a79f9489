using System.Buffers;
using System.Security.Cryptography;
using Kaya.Server.Repository;
using Kaya.Server.Storage;

namespace Kaya.Storage.S3;

/// <summary>
/// A body without Content-Length (chunked): a single PUT needs its length up front, so the body is
/// spooled to a local temporary file (at most <see cref="S3StoreOptions.SpoolLimit"/> bytes, removed on
/// dispose) and sent once its SHA-256 matches the name.
/// </summary>
internal sealed class SpooledUpload(S3RepositoryStore store, string objectKey, ObjectKey key) : IObjectUpload
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private FileStream? _file;
    private long _written;

    public long Written => _written;

    public bool Published { get; private set; }

    /// <summary>True: the spooled body is hashed here and sent only once it matches the name.</summary>
    public bool ChecksName => true;

    public async ValueTask WriteAsync(ReadOnlySequence<byte> data, CancellationToken cancellationToken)
    {
        var limit = store.Options.SpoolLimit;
        if (_written + data.Length > limit)
            throw new ObjectStoreException($"upload to s3://{store.Bucket}/{objectKey}: a body without Content-Length is limited to {limit} bytes (spooled before its PUT)");
        _file ??= CreateSpool();
        foreach (var segment in data)
        {
            _hash.AppendData(segment.Span);
            await _file.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
        }
        _written += data.Length;
    }

    private FileStream CreateSpool()
    {
        var dir = store.Options.SpoolDirectory ?? Path.GetTempPath();
        var path = Path.Combine(dir, "kaya-s3-spool-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        return new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous | FileOptions.DeleteOnClose,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
    }

    public async ValueTask<CommitOutcome> CommitAsync(CancellationToken cancellationToken)
    {
        var digest = _hash.GetHashAndReset();
        if (!S3RepositoryStore.IsItsName(key, digest)) return CommitOutcome.NotItsName;
        var body = _file ?? Stream.Null;
        body.Position = 0;
        var request = store.NewPut(objectKey, body, _written, Convert.ToHexStringLower(digest));
        var put = store.Client.PutObjectAsync(request, cancellationToken);
        var outcome = await store.SettlePutAsync(put, objectKey, _written, digest, cancellationToken).ConfigureAwait(false);
        Published = outcome == CommitOutcome.Stored;
        return outcome;
    }

    public async ValueTask DisposeAsync()
    {
        if (_file is not null) await _file.DisposeAsync().ConfigureAwait(false);
        _hash.Dispose();
    }
}
