using System.Security.Cryptography;
using Kaya.Server.Repository;
using Kaya.Server.Storage;

namespace Kaya.Orchestrator.Tests.Lifecycle;

/// <summary>
/// A repository store in memory for the scrub's store seam: objects by key, and reads that fail on cue as a remote
/// store's do (an error answer after some bytes, a timeout that surfaces as a cancellation nobody asked for).
/// </summary>
internal sealed class FakeScrubStore : IRepositoryStore
{
    public static readonly RepositoryPath Repository = new(["www1"]);

    private readonly Dictionary<ObjectKey, byte[]> _objects = [];

    /// <summary>Reads of these keys fail with this exception once <see cref="FailAfter"/> bytes were delivered.</summary>
    public Dictionary<ObjectKey, Exception> Failures { get; } = [];

    public int FailAfter { get; init; } = 1000;

    /// <summary>Called when a key is opened (before the read starts).</summary>
    public Action<ObjectKey>? Opening { get; set; }

    public ObjectKey Add(ObjectType type, byte[] body)
    {
        var key = ObjectKey.Object(type, new ObjectId(Convert.ToHexStringLower(SHA256.HashData(body))));
        _objects[key] = body;
        return key;
    }

    public void AddConfig(byte[] body) => _objects[ObjectKey.Config] = body;

    public void Replace(ObjectKey key, byte[] body) => _objects[key] = body;

    public void Remove(ObjectKey key) => _objects.Remove(key);

    public ValueTask<long?> GetSizeAsync(RepositoryPath repository, ObjectKey key, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_objects.TryGetValue(key, out var body) ? body.LongLength : (long?)null);

    public ValueTask<IObjectReader?> OpenReadAsync(RepositoryPath repository, ObjectKey key, CancellationToken cancellationToken)
    {
        Opening?.Invoke(key);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IObjectReader?>(_objects.TryGetValue(key, out var body) ? new Reader(body, Failures.GetValueOrDefault(key), FailAfter) : null);
    }

    public ValueTask<IEnumerable<ObjectEntry>?> ListAsync(RepositoryPath repository, ObjectType type, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IEnumerable<ObjectEntry>?>(_objects.Where(o => !o.Key.IsConfig && o.Key.Type == type)
            .Select(o => new ObjectEntry(o.Key.Id.Value, o.Value.LongLength)).ToList());

    public ValueTask CreateRepositoryAsync(RepositoryPath repository, CancellationToken cancellationToken) => throw new NotSupportedException();
    public ValueTask<long?> DeleteAsync(RepositoryPath repository, ObjectKey key, CancellationToken cancellationToken) => throw new NotSupportedException();
    public ValueTask<IObjectUpload> BeginUploadAsync(RepositoryPath repository, ObjectKey key, CancellationToken cancellationToken) => throw new NotSupportedException();
    public ValueTask<long> MeasureUsageAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    private sealed class Reader(byte[] body, Exception? failure, int failAfter) : IObjectReader
    {
        public long Length => body.Length;

        public ValueTask<int> ReadAsync(Memory<byte> buffer, long offset, CancellationToken cancellationToken)
        {
            if (failure is not null && offset >= failAfter) throw failure;
            var end = failure is null ? body.Length : Math.Min(body.Length, failAfter);
            var n = (int)Math.Min(buffer.Length, Math.Max(0, end - offset));
            body.AsSpan((int)offset, n).CopyTo(buffer.Span);
            return ValueTask.FromResult(n);
        }

        public void Dispose() { }
    }
}
