using Kaya.Server.Repository;
using Kaya.Server.Storage;

namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// A repository kept by an <see cref="IRepositoryStore"/> (a host's prefix in a bucket): each type's objects as the
/// store lists them, each read through <see cref="IRepositoryStore.OpenReadAsync(RepositoryPath, ObjectKey, CancellationToken)"/>.
/// The store lists only well-named objects, as restic sees them, so nothing is misplaced here.
/// </summary>
/// <param name="folder">backup_root/HOST: the kept password and the scrub's cursor</param>
/// <param name="location">the repository's location, for messages (s3:ENDPOINT/BUCKET/PREFIX/HOST)</param>
public sealed class StoreScrubSource(IRepositoryStore store, RepositoryPath repository, string folder, string location) : IScrubSource
{
    private static readonly ObjectType[] HashedTypes = [ObjectType.Data, ObjectType.Index, ObjectType.Keys, ObjectType.Snapshots];

    public string Location => location;

    public string Host => repository.Name;

    public string CursorFile => Path.Combine(folder, ScrubCursor.FileName);

    private async ValueTask<bool> HasConfigAsync(CancellationToken cancellationToken) =>
        await Guarded(() => store.GetSizeAsync(repository, ObjectKey.Config, cancellationToken), "look up its config", cancellationToken).ConfigureAwait(false) is not null;

    public async ValueTask<IReadOnlyList<ScrubEntry>> ListAsync(CancellationToken cancellationToken)
    {
        var entries = new List<ScrubEntry>();
        if (await HasConfigAsync(cancellationToken).ConfigureAwait(false)) entries.Add(new("config", null));
        foreach (var type in HashedTypes)
        {
            await Guarded(async () =>
            {
                if (await store.ListAsync(repository, type, cancellationToken).ConfigureAwait(false) is not { } listing) return 0;
                await foreach (var entry in listing.AsAsync().WithCancellation(cancellationToken).ConfigureAwait(false))
                    entries.Add(new(Relative(type, entry.Name), null));
                return 0;
            }, $"list its {type.DirectoryName()}/", cancellationToken).ConfigureAwait(false);
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Relative, b.Relative));
        return entries;
    }

    // The disk layout's relative paths (data/ab/abcd…), so the cursor and the findings read the same on both.
    private static string Relative(ObjectType type, string name) =>
        type == ObjectType.Data ? $"data/{name[..2]}/{name}" : $"{type.DirectoryName()}/{name}";

    public async ValueTask<IScrubFile?> OpenAsync(string relative, CancellationToken cancellationToken)
    {
        var key = KeyOf(relative);
        var reader = await Guarded(() => store.OpenReadAsync(repository, key, 0, cancellationToken), $"open {relative}", cancellationToken).ConfigureAwait(false);
        return reader is null ? null : new StoreFile(reader, relative);
    }

    private static ObjectKey KeyOf(string relative)
    {
        if (relative == "config") return ObjectKey.Config;
        var type = Array.Find(HashedTypes, t => relative.StartsWith(t.DirectoryName() + "/", StringComparison.Ordinal));
        return ObjectKey.Object(type, new ObjectId(relative[(relative.LastIndexOf('/') + 1)..]));
    }

    public (string What, string Advice, int? Errno) Explain(Exception failure) =>
        (failure.Message, "the object store did not deliver it; a passing failure (503 SlowDown, a timeout) clears at the next scrub, one that stays needs a look at the store", null);

    /// <summary>
    /// A timeout inside the S3 client surfaces as a cancellation nobody asked for: it becomes an
    /// <see cref="IOException"/> like the store's other failures, so the scrub reports it and does not stop.
    /// </summary>
    private static async ValueTask<T> Guarded<T>(Func<ValueTask<T>> call, string what, CancellationToken cancellationToken)
    {
        try { return await call().ConfigureAwait(false); }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"the object store did not answer in time to {what}", e);
        }
    }

    private sealed class StoreFile(IObjectReader reader, string relative) : IScrubFile
    {
        private long _position;

        public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            var read = await Guarded(() => reader.ReadAsync(buffer, _position, cancellationToken), $"read {relative} at byte {_position}", cancellationToken).ConfigureAwait(false);
            _position += read;
            return read;
        }

        public void Dispose() => reader.Dispose();
    }
}
