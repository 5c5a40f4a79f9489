namespace Kaya.Server.Storage;

/// <summary>Walking what <see cref="IRepositoryStore.ListAsync"/> returned, whichever kind of store it came from.</summary>
public static class ObjectListing
{
    /// <summary>
    /// The listing as an async sequence: a remote store's listing pages over the network and is one
    /// already; a folder walk is synchronous and is wrapped. Walk every listing through this.
    /// </summary>
    public static IAsyncEnumerable<ObjectEntry> AsAsync(this IEnumerable<ObjectEntry> entries) =>
        entries as IAsyncEnumerable<ObjectEntry> ?? entries.ToAsyncEnumerable();
}
