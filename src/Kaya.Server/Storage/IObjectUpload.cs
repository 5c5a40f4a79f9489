using System.Buffers;

namespace Kaya.Server.Storage;

/// <summary>
/// A file being written: bytes go to a temporary file beside the final one. Disposing an upload that
/// was not committed removes the temporary file, so an aborted upload leaves nothing behind.
/// </summary>
public interface IObjectUpload : IAsyncDisposable
{
    long Written { get; }

    /// <summary>True once the file is under its final name, even if a later step (folder fsync) failed.</summary>
    bool Published { get; }

    /// <summary>Takes the next bytes of the body; they may be held in memory until a later write or the commit.</summary>
    ValueTask WriteAsync(ReadOnlySequence<byte> data, CancellationToken cancellationToken);

    /// <summary>Flushes to stable storage and publishes the file under its name without replacing another.</summary>
    ValueTask<CommitOutcome> CommitAsync(CancellationToken cancellationToken);

    /// <summary>
    /// True when the upload hashes the body itself and <see cref="CommitAsync"/> answers
    /// <see cref="CommitOutcome.NotItsName"/>, publishing nothing, for a body that does not hash to its name
    /// (the S3 store must, to hold the object back until then): the protocol then skips its own pass (VERIFY-1).
    /// </summary>
    bool ChecksName => false;
}
