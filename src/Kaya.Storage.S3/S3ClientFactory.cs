using Amazon.Runtime;
using Amazon.S3;

namespace Kaya.Storage.S3;

/// <summary>Builds an S3 client that works with Ceph RGW 16 as well as AWS.</summary>
public static class S3ClientFactory
{
    /// <summary>
    /// The PUT of an upload lasts as long as the restic client takes to send the body (a 128 MiB pack
    /// over a slow tunnel); the SDK's default 100 s would cut it short.
    /// </summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(30);

    public static AmazonS3Client Create(S3StoreOptions options)
    {
        var config = Config(options);
        return options.Credentials is { } credentials ? new KayaS3Client(credentials, config) : new KayaS3Client(config);
    }

    /// <summary>The client settings <see cref="Create"/> uses, for a caller that builds its own client (a test's, counting requests).</summary>
    public static AmazonS3Config Config(S3StoreOptions options)
    {
        var config = new AmazonS3Config
        {
            // Path-style (http://host/bucket/key): RGW and most self-hosted stores have no per-bucket DNS names.
            ForcePathStyle = true,
            // SDKs since 2025 send streamed checksum trailers (STREAMING-UNSIGNED-PAYLOAD-TRAILER) by
            // default; RGW 16 rejects them with 400 XAmzContentSHA256Mismatch (measured, issue 14).
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = RequestTimeout,
            AuthenticationRegion = options.Region,
            HttpClientFactory = new S3HttpClientFactory(),
        };
        if (options.Endpoint is { } endpoint) config.ServiceURL = endpoint.ToString();
        else config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        return config;
    }
}
