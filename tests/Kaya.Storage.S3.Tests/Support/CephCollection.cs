namespace Kaya.Storage.S3.Tests.Support;

/// <summary>Every test that needs RGW joins this collection: one cluster for the whole run.</summary>
[CollectionDefinition(Name)]
public sealed class CephCollection : ICollectionFixture<CephCluster>
{
    public const string Name = "ceph";
}
