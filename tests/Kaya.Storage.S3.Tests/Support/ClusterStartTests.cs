using Xunit.Abstractions;

namespace Kaya.Storage.S3.Tests.Support;

[Collection(CephCollection.Name)]
public sealed class ClusterStartTests(CephCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task The_cluster_answers_S3_requests_for_its_user()
    {
        output.WriteLine($"Ceph cluster started in {cluster.StartTime.TotalSeconds:F1} s");
        using var bucket = await TestBucket.CreateAsync(cluster);
        await bucket.PutRawAsync("hello", "world"u8.ToArray());
        Assert.Equal("world"u8.ToArray(), await bucket.GetAsync("hello"));
    }
}
