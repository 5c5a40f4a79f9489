using System.Collections.Concurrent;
using Kaya.Server.Repository;
using Kaya.Server.Storage;

namespace Kaya.Server.Access;

/// <summary>
/// The server's size limit (--max-size, QUOTA-1) as the protocol meets it: the <see cref="Quota"/> a
/// repository's uploads count against. Over a folder one quota covers every repository, measured once
/// at start (rest-server's rule). Over a store that is not measured whole (<see cref="IRepositoryUsage"/>,
/// a bucket) each repository has a quota of its own, measured on its first upload and kept up to date
/// by uploads and deletes from then on.
/// </summary>
public sealed class ServerQuota
{
    private readonly Quota? _whole;
    private readonly IRepositoryUsage? _usage;
    private readonly ConcurrentDictionary<RepositoryPath, Lazy<Task<Quota>>> _repositories = new();

    private ServerQuota(long limit, Quota? whole, IRepositoryUsage? usage)
    {
        Limit = limit;
        _whole = whole;
        _usage = usage;
    }

    /// <summary>One quota over everything the store holds.</summary>
    public static ServerQuota Whole(Quota quota) => new(quota.Limit, quota, null);

    /// <summary>A quota of <paramref name="limit"/> bytes for each repository, measured by <paramref name="usage"/> on first need.</summary>
    public static ServerQuota PerRepository(long limit, IRepositoryUsage usage) => new(limit, null, usage);

    /// <summary>Bytes: over everything, or over each repository.</summary>
    public long Limit { get; }

    /// <summary>
    /// The quota the repository's uploads count against. The first call for a repository measures it;
    /// callers meanwhile share that one measurement, and one that failed is tried again by the next call.
    /// </summary>
    /// <exception cref="IOException">the store could not measure the repository</exception>
    public async ValueTask<Quota> ForAsync(RepositoryPath repository, CancellationToken cancellationToken)
    {
        if (_whole is not null) return _whole;
        var entry = _repositories.GetOrAdd(repository, r => new Lazy<Task<Quota>>(() => MeasureAsync(r)));
        try
        {
            return await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (entry.Value.IsFaulted)
        {
            _repositories.TryRemove(new KeyValuePair<RepositoryPath, Lazy<Task<Quota>>>(repository, entry));
            throw;
        }
    }

    // Shared by every caller waiting for it, so no one caller's cancellation ends it.
    private async Task<Quota> MeasureAsync(RepositoryPath repository) =>
        new(Limit, await _usage!.MeasureUsageAsync(repository, CancellationToken.None).ConfigureAwait(false));

    /// <summary>
    /// The repository's quota if it is measured already, else null: what a delete gives its bytes back
    /// to. A repository still being measured may have had the deleted object counted, so its usage then
    /// stays a little high — never low.
    /// </summary>
    public Quota? Measured(RepositoryPath repository) =>
        _whole ?? (_repositories.TryGetValue(repository, out var entry) && entry.IsValueCreated && entry.Value.IsCompletedSuccessfully ? entry.Value.Result : null);
}
