using System.Collections.Concurrent;
using Amazon.Runtime;

namespace Kaya.Storage.S3.Tests.Support;

/// <summary>The SDK's HTTP client with every request's method, path, Range and headers noted, to see what goes on the wire.</summary>
public sealed class RecordingHttpClientFactory : HttpClientFactory
{
    public sealed record Sent(string Method, string Path, string? Range, IReadOnlyDictionary<string, string> Headers);

    public ConcurrentQueue<Sent> Requests { get; } = new();

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Recorder(this, new SocketsHttpHandler()));

    private sealed class Recorder(RecordingHttpClientFactory owner, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
                .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value));
            owner.Requests.Enqueue(new Sent(request.Method.Method, request.RequestUri!.AbsolutePath, request.Headers.Range?.ToString(), headers));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
