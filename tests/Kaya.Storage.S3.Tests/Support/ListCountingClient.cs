using System.Collections.Concurrent;
using Amazon.S3;
using Amazon.S3.Model;

namespace Kaya.Storage.S3.Tests.Support;

/// <summary>The store's own client settings, noting the prefix of every ListObjectsV2 it sends.</summary>
public sealed class ListCountingClient(S3StoreOptions options)
    : KayaS3Client(options.Credentials!, S3ClientFactory.Config(options))
{
    public ConcurrentQueue<string> Listed { get; } = new();

    public override Task<ListObjectsV2Response> ListObjectsV2Async(ListObjectsV2Request request, CancellationToken cancellationToken = default)
    {
        Listed.Enqueue(request.Prefix ?? "");
        return base.ListObjectsV2Async(request, cancellationToken);
    }
}
