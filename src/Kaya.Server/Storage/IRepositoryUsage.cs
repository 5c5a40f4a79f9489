using Kaya.Server.Repository;

namespace Kaya.Server.Storage;

/// <summary>
/// A store that is not measured whole before serving: a bucket that several fronts share, or that holds
/// millions of objects, would keep a server from answering for as long as the listing takes. The
/// server's size limit then applies to each repository on its own, measured when first needed.
/// </summary>
public interface IRepositoryUsage
{
    /// <summary>Bytes held by the repository's config and objects, not by repositories nested below it.</summary>
    /// <exception cref="IOException">the store could not list the repository</exception>
    ValueTask<long> MeasureUsageAsync(RepositoryPath repository, CancellationToken cancellationToken);
}
