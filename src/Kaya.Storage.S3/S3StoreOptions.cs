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

    /// <summary>Signing region. RGW ignores it; <see cref="DefaultRegion"/> by default.</summary>
    public string Region { get; init; } = DefaultRegion;

    /// <summary>us-east-1: the SDK's and RGW's conventional default region.</summary>
    public const string DefaultRegion = "us-east-1";

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

    /// <summary>The scheme of a storage location that names a bucket: <c>s3://BUCKET/PREFIX</c>.</summary>
    public const string Scheme = "s3://";

    /// <summary>True when <paramref name="storage"/> names a bucket (starts with s3://).</summary>
    public static bool IsS3(string storage) => storage.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Options for <c>s3://BUCKET[/PREFIX]</c> (kaya serve --storage, kaya.conf storage=), with the
    /// endpoint and region given beside it. Credentials are never part of it: they come from the SDK's
    /// chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ~/.aws/credentials).
    /// </summary>
    /// <param name="endpoint">http(s)://HOST[:PORT] of an S3-compatible store; null: AWS itself</param>
    /// <param name="region">signing region; null: <see cref="Region"/>'s default</param>
    /// <exception cref="FormatException">the location or the endpoint is malformed; the message says which and shows the expected form</exception>
    public static S3StoreOptions Parse(string storage, string? endpoint, string? region)
    {
        if (!IsS3(storage)) throw new FormatException($"{storage}: expected s3://BUCKET/PREFIX (the file system is the default and needs no --storage)");
        var rest = storage[Scheme.Length..];
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
        // S3's bucket names: 3-63 characters of lower-case letters, digits, '.' and '-'.
        if (bucket.Length is < 3 or > 63 || bucket.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-')))
            throw new FormatException($"{storage}: \"{bucket}\" is not a bucket name (3-63 lower-case letters, digits, '.' or '-'); expected s3://BUCKET/PREFIX");
        if (prefix.Contains("//", StringComparison.Ordinal) || prefix.Split('/').Any(p => p is "." or ".."))
            throw new FormatException($"{storage}: the prefix \"{prefix}\" has an empty, '.' or '..' part");
        Uri? uri = null;
        if (endpoint is not null && (!Uri.TryCreate(endpoint, UriKind.Absolute, out uri) || uri.Scheme is not ("http" or "https")))
            throw new FormatException($"{endpoint}: expected an S3 endpoint URL, e.g. http://rgw.example:7480");
        var options = new S3StoreOptions { Bucket = bucket, Prefix = prefix, Endpoint = uri };
        return string.IsNullOrEmpty(region) ? options : options with { Region = region };
    }

    /// <summary>s3://BUCKET/PREFIX, for messages.</summary>
    public override string ToString() => Scheme + Bucket + (Prefix.Length > 0 ? "/" + Prefix : "") + (Endpoint is { } e ? $" at {e}" : "");
}
