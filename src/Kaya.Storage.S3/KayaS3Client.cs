using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Util;
using Amazon.S3;
using Amazon.S3.Model;

namespace Kaya.Storage.S3;

/// <summary>
/// The SDK's S3 client, except that a PUT of a body it cannot seek, carrying Kaya's SHA-256 metadata
/// (<see cref="S3RepositoryStore.Sha256Metadata"/>, set by <see cref="S3RepositoryStore.NewPut"/> only for a
/// body whose SHA-256 Kaya checks before the object can complete) goes as a plain body instead
/// of aws-chunked with a signature per 80 KiB chunk. The SDK forces that encoding on every body it
/// cannot seek (AWSSDK.S3 4.1), and it cost a second SHA-256 pass over every upload here and a third in
/// the store, which checks each chunk's signature: on 2 cores, raw upload to RGW 16 ran at 0.73× rclone's
/// speed (bench/results/2026-11-29-1548.md).
/// </summary>
/// <remarks>
/// Without chunk encoding the SDK signs a body it cannot seek as UNSIGNED-PAYLOAD (headers signed, body
/// not), as it does for <c>DisablePayloadSigning</c> — which it allows over https only; over plain http
/// this is what rclone and the Go SDK send for any streamed body. What guards the bytes instead: Kaya
/// checks the SHA-256 of what it received before the object can complete, and the request carries
/// <c>x-amz-checksum-sha256</c>, which AWS and stores with S3 checksums verify against what arrives
/// (RGW 16 ignores it).
/// </remarks>
public class KayaS3Client : AmazonS3Client
{
    /// <summary>A client with <paramref name="config"/> and the SDK's default credential chain.</summary>
    public KayaS3Client(AmazonS3Config config)
        : base(config)
    {
    }

    /// <summary>A client with <paramref name="config"/> and <paramref name="credentials"/>.</summary>
    public KayaS3Client(AWSCredentials credentials, AmazonS3Config config)
        : base(credentials, config)
    {
    }

    protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
    {
        base.CustomizeRuntimePipeline(pipeline);
        pipeline.AddHandlerBefore<Signer>(new PlainBodyHandler());
    }

    /// <summary>Runs after the marshaller and the SDK's checksum step, before the signer.</summary>
    private sealed class PlainBodyHandler : PipelineHandler
    {
        // S3's header for a whole-object SHA-256 (base64) that the store checks the body against.
        private const string ChecksumHeader = "x-amz-checksum-sha256";

        public override void InvokeSync(IExecutionContext executionContext)
        {
            Apply(executionContext.RequestContext);
            base.InvokeSync(executionContext);
        }

        public override Task<T> InvokeAsync<T>(IExecutionContext executionContext)
        {
            Apply(executionContext.RequestContext);
            return base.InvokeAsync<T>(executionContext);
        }

        private static void Apply(IRequestContext context)
        {
            // The request must stay a plain PutObjectRequest: the SDK resolves endpoints by the request's type name.
            if (context.OriginalRequest is not PutObjectRequest put || put.Metadata[S3RepositoryStore.Sha256Metadata] is not { Length: 64 } hex) return;
            // A body it can seek (a spooled file) the SDK would read and hash before sending, blocking: it keeps its chunks.
            if (context.Request.ContentStream is not { } body || WrapperStream.GetNonWrapperBaseStream(body).CanSeek) return;
            context.Request.UseChunkEncoding = false;
            context.Request.Headers[ChecksumHeader] = Convert.ToBase64String(Convert.FromHexString(hex));
        }
    }
}
