using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Kaya.Server.Repository;
using Kaya.Server.Storage;

namespace Kaya.Storage.S3;

public sealed partial class S3RepositoryStore
{
    /// <summary>The key of a private object: <c>PREFIX/REPO/NAME</c>.</summary>
    public string PrivateKey(RepositoryPath repository, string name)
    {
        PrivateObjectName.Check(name);
        return Layout.Repository(repository) + name;
    }

    /// <inheritdoc />
    /// <remarks>One PUT with <c>If-None-Match: *</c>: a bucket cannot append, so each record is its own object; 412 means it exists.</remarks>
    public async ValueTask<bool> WritePrivateAsync(RepositoryPath repository, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var key = PrivateKey(repository, name);
        using var body = new MemoryStream(content.ToArray(), writable: false);
        var request = new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = body, IfNoneMatch = "*" };
        try
        {
            await _client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
        catch (Exception e) when (ObjectStoreException.IsStoreFailure(e))
        {
            throw ObjectStoreException.From("PUT", Bucket, key, e);
        }
    }
}
