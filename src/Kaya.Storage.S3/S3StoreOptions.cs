using Amazon.Runtime;

namespace Kaya.Storage.S3;

/// <summary>Where and how an <see cref="S3RepositoryStore"/> keeps repositories.</summary>
public sealed record S3StoreOptions
{
    /// <summary>The bucket; it must exist (Kaya never creates or deletes buckets).</summary>
    public required string Bucket { get; init; }

    /// <summary>Key prefix the repositories live under, without leading or trailing '/'; empty: the bucket's root.</summary>
    public string Prefix { get; init; } = "";

    /// <summary>The S3 endpoint, e.g. http://rgw.example:7480; null: AWS's own endpoint for <see cref="Region"/>.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Signing region. RGW ignores it; us-east-1 is the SDK's and RGW's conventional default.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>Null: the SDK's default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE and ~/.aws/credentials, …); never a command-line flag.</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>Folder for bodies sent without Content-Length, which must be spooled before their single PUT; null: the system temp folder.</summary>
    public string? SpoolDirectory { get; init; }

    /// <summary>
    /// Largest body spooled without Content-Length, in bytes. restic's packs are at most 128 MiB
    /// (--pack-size) plus one chunk (at most 8 MiB); 256 MiB leaves room and bounds the disk used.
    /// </summary>
    public long SpoolLimit { get; init; } = 256L * 1024 * 1024;

    /// <summary>Keys per ListObjectsV2 page; 1000 is S3's largest page (and RGW's default).</summary>
    public int ListPageSize { get; init; } = 1000;
}
