using Kaya.Server.Repository;

namespace Kaya.Server.Storage;

/// <summary>
/// Where repositories are kept. The protocol layer decides what may happen; a store only does it,
/// durably: an object is visible under its name only once all its bytes are on stable storage.
/// </summary>
public interface IRepositoryStore
{
    /// <summary>Creates the repository and its type folders; succeeds when they exist already.</summary>
    ValueTask CreateRepositoryAsync(RepositoryPath repository, CancellationToken cancellationToken);

    /// <summary>Size of a stored file, or null when it (or its repository) does not exist.</summary>
    ValueTask<long?> GetSizeAsync(RepositoryPath repository, ObjectKey key, CancellationToken cancellationToken);

    /// <summary>Opens a stored file for reading, or null when it does not exist.</summary>
    ValueTask<IObjectReader?> OpenReadAsync(RepositoryPath repository, ObjectKey key, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="OpenReadAsync(RepositoryPath, ObjectKey, CancellationToken)"/>, told the offset (bytes)
    /// the caller will most likely read first: a remote store (S3) then fetches from there in the same
    /// request that finds the object, instead of asking for its size first.
    /// </summary>
    ValueTask<IObjectReader?> OpenReadAsync(RepositoryPath repository, ObjectKey key, long firstByte, CancellationToken cancellationToken) =>
        OpenReadAsync(repository, key, cancellationToken);

    /// <summary>
    /// The objects of one type, read lazily as the caller walks them (a data folder may hold millions);
    /// null when the repository does not exist. A store that fetches pages over the network returns an
    /// enumerable that is also an <see cref="IAsyncEnumerable{T}"/>, and callers walk that.
    /// </summary>
    ValueTask<IEnumerable<ObjectEntry>?> ListAsync(RepositoryPath repository, ObjectType type, CancellationToken cancellationToken);

    /// <summary>Removes a file; returns the size it had, or null when there was nothing to remove.</summary>
    ValueTask<long?> DeleteAsync(RepositoryPath repository, ObjectKey key, CancellationToken cancellationToken);

    /// <summary>Starts writing a new file that becomes visible only through <see cref="IObjectUpload.CommitAsync"/>.</summary>
    ValueTask<IObjectUpload> BeginUploadAsync(RepositoryPath repository, ObjectKey key, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="BeginUploadAsync(RepositoryPath, ObjectKey, CancellationToken)"/>, told the length
    /// (bytes) the client announced, or null for a chunked body: a remote store can then stream the body
    /// into one request instead of spooling it first.
    /// </summary>
    ValueTask<IObjectUpload> BeginUploadAsync(RepositoryPath repository, ObjectKey key, long? length, CancellationToken cancellationToken) =>
        BeginUploadAsync(repository, key, cancellationToken);

    /// <summary>
    /// Whether the protocol looks an object up before receiving its upload: on a disk that costs
    /// microseconds and refuses a wrong length unread. A remote store (S3) answers false: there a lookup
    /// is one more round trip per object, and its conditional commit finds an existing object anyway.
    /// </summary>
    bool LookupBeforeUpload => true;

    /// <summary>Bytes held by all stored files, for the quota (QUOTA-1).</summary>
    ValueTask<long> MeasureUsageAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Removes what interrupted uploads left in the repository and in those nested below it (STORE-4);
    /// returns how many were removed. A store whose uploads leave nothing behind keeps this default.
    /// </summary>
    ValueTask<int> SweepTemporariesAsync(RepositoryPath repository, CancellationToken cancellationToken) => ValueTask.FromResult(0);

    /// <summary>
    /// Writes a small object of Kaya's own (the arrival ledger's records, issue 10) into the repository under
    /// <paramref name="name"/>, a relative path whose first segment starts with '.', so the REST protocol never
    /// lists or serves it (PATH-9). Write-once: returns false, changing nothing, when the name exists already;
    /// true once the object is durable (on disk and its folder fsync'd; or acknowledged by the object store).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a private name (<see cref="PrivateObjectName"/>)</exception>
    /// <exception cref="IOException">the object could not be written</exception>
    /// <exception cref="NotSupportedException">the store keeps no private objects</exception>
    ValueTask<bool> WritePrivateAsync(RepositoryPath repository, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} keeps no private objects");
}
