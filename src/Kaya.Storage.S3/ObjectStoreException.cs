using System.Net;
using Amazon.Runtime;
using Kaya.Server.Storage;

namespace Kaya.Storage.S3;

/// <summary>
/// The object store failed or refused a request. An <see cref="IOException"/>, so the protocol answers
/// 500 and logs the message (with the S3 error code) — never a 404: a store that cannot answer does
/// not prove an object is missing. A full store (507, or RGW's QuotaExceeded) carries
/// <see cref="Errno.ENOSPC"/> as its HResult, which the protocol answers with 507.
/// </summary>
public sealed class ObjectStoreException : IOException
{
    public ObjectStoreException(string message, Exception? inner = null, bool full = false) : base(message, inner)
    {
        if (full) HResult = Errno.ENOSPC;
    }

    /// <summary>The S3 error code (NoSuchBucket, AccessDenied, SlowDown, …), or null when no answer came.</summary>
    public string? ErrorCode { get; init; }

    internal static ObjectStoreException From(string operation, string bucket, string key, Exception e) => e switch
    {
        AmazonServiceException s => new ObjectStoreException(
            $"S3 {operation} s3://{bucket}/{key} failed: {(int)s.StatusCode} {s.ErrorCode ?? "(no error code)"}: {s.Message} (request {s.RequestId}); check the bucket, credentials and endpoint", e,
            full: s.StatusCode == HttpStatusCode.InsufficientStorage || s.ErrorCode == "QuotaExceeded")
        { ErrorCode = s.ErrorCode },
        _ => new ObjectStoreException($"S3 {operation} s3://{bucket}/{key} failed: {e.Message}; check the endpoint and the credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or ~/.aws/credentials)", e),
    };

    /// <summary>Failures of the store or the way to it; cancellation is not one of them.</summary>
    internal static bool IsStoreFailure(Exception e) => e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException && e is not ObjectStoreException;
}
