using System.Collections;
using System.Runtime.CompilerServices;
using Amazon.S3.Model;
using Kaya.Server.Repository;
using Kaya.Server.Storage;

namespace Kaya.Storage.S3;

/// <summary>
/// The objects of one type, paged through ListObjectsV2 as the caller walks them (a data folder may
/// hold millions). Only names a client could then read are listed (LIST-5): 64-hex names, and a data
/// object only below the folder named by its first two characters.
/// </summary>
/// <remarks>Walk it with <c>await foreach</c>; a synchronous walk would block a thread on each page.</remarks>
internal sealed class S3Listing(S3RepositoryStore store, string prefix, bool nested) : IEnumerable<ObjectEntry>, IAsyncEnumerable<ObjectEntry>
{
    private ListObjectsV2Response? _first;

    /// <summary>Fetches the first page; true when it holds any object below the prefix.</summary>
    public async ValueTask<bool> FetchFirstPageAsync(CancellationToken cancellationToken)
    {
        _first = await PageAsync(null, cancellationToken).ConfigureAwait(false);
        return _first.S3Objects is { Count: > 0 } || _first.CommonPrefixes is { Count: > 0 };
    }

    public async IAsyncEnumerator<ObjectEntry> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        await foreach (var o in AllObjectsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (TryEntry(o, out var entry)) yield return entry;
        }
    }

    /// <summary>Every object below the prefix (nested: at any depth), unfiltered.</summary>
    public async IAsyncEnumerable<S3Object> AllObjectsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var page = _first ?? await PageAsync(null, cancellationToken).ConfigureAwait(false);
        _first = null;
        while (true)
        {
            foreach (var o in page.S3Objects ?? []) yield return o;
            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken)) yield break;
            page = await PageAsync(page.NextContinuationToken, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ListObjectsV2Response> PageAsync(string? continuation, CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request
        {
            BucketName = store.Bucket,
            Prefix = prefix,
            ContinuationToken = continuation,
            MaxKeys = store.Options.ListPageSize,
            // Outside the data folder objects sit directly below the type's prefix: skip anything deeper.
            Delimiter = nested ? null : "/",
        };
        try
        {
            return await store.Client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ObjectStoreException.IsStoreFailure(e))
        {
            throw ObjectStoreException.From("LIST", store.Bucket, prefix, e);
        }
    }

    private bool TryEntry(S3Object o, out ObjectEntry entry)
    {
        entry = default;
        var rest = o.Key.AsSpan(prefix.Length);
        var name = rest;
        if (nested)
        {
            // data/xx/ID with xx the ID's first two characters.
            if (rest.Length != 3 + ObjectId.Length || rest[2] != '/') return false;
            name = rest[3..];
            if (!name.StartsWith(rest[..2], StringComparison.Ordinal)) return false;
        }
        if (!ObjectId.IsValid(name)) return false;
        entry = new ObjectEntry(name.ToString(), o.Size ?? 0);
        return true;
    }

    public IEnumerator<ObjectEntry> GetEnumerator() =>
        throw new NotSupportedException("an S3 listing pages over the network: walk it with await foreach");

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
