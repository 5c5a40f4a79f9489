using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Kaya.Conformance;

/// <summary>Whose credentials a request carries.</summary>
public enum Caller
{
    /// <summary>--user (or none when the server has no authentication).</summary>
    User,
    /// <summary>--other-user.</summary>
    OtherUser,
    /// <summary>No Authorization header at all.</summary>
    Anonymous,
}

/// <summary>
/// Raw HTTP/1.1 to the server under test: no redirects followed, no decompression, no cookies, no
/// Expect: 100-continue, headers sent as given (TryAddWithoutValidation) so malformed ones reach the server.
/// </summary>
public sealed class ServerClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly ConformanceOptions _options;
    private readonly string _base;

    public ServerClient(ConformanceOptions options)
    {
        _options = options;
        _base = options.BaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            // Self-signed certificates are the norm for a test server; the suite checks the protocol, not PKI.
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.ExpectContinue = false;
    }

    /// <summary>The absolute URL of <paramref name="path"/> (which starts with '/'), kept byte for byte.</summary>
    public Uri UrlOf(string path) => new(_base + path, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

    public string? AuthorizationFor(Caller caller) => caller switch
    {
        Caller.User when _options.User is not null => Basic(_options.User, _options.Password!),
        Caller.OtherUser when _options.OtherUser is not null => Basic(_options.OtherUser, _options.OtherPassword!),
        _ => null,
    };

    public static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    /// <summary>
    /// Sends one request. Like restic, every request carries <c>Accept: application/vnd.x.restic.rest.v2</c>
    /// unless <paramref name="accept"/> says otherwise (null: no Accept header).
    /// </summary>
    public Task<Reply> SendAsync(string method, string path, CancellationToken ct, byte[]? body = null, IEnumerable<(string Name, string Value)>? headers = null, Caller caller = Caller.User, string? authorization = null, string? accept = Protocol.V2)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), UrlOf(path)) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        }
        var auth = authorization ?? AuthorizationFor(caller);
        if (auth is not null) request.Headers.TryAddWithoutValidation("Authorization", auth);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        foreach (var (name, value) in headers ?? [])
        {
            if (!request.Headers.TryAddWithoutValidation(name, value)) request.Content?.Headers.TryAddWithoutValidation(name, value);
        }
        return SendAsync(request, ct);
    }

    private async Task<Reply> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using var _ = request;
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in response.Headers) headers[h.Key] = string.Join(", ", h.Value);
        foreach (var h in response.Content.Headers) headers[h.Key] = string.Join(", ", h.Value);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        return new Reply((int)response.StatusCode, headers, body);
    }

    /// <summary>POST with Transfer-Encoding: chunked (no Content-Length), as a streaming client sends.</summary>
    public Task<Reply> PostChunked(string path, byte[] body, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, UrlOf(path)) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Content = new StreamContent(new MemoryStream(body));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Headers.TransferEncodingChunked = true;
        if (AuthorizationFor(Caller.User) is { } auth) request.Headers.TryAddWithoutValidation("Authorization", auth);
        request.Headers.TryAddWithoutValidation("Accept", Protocol.V2);
        return SendAsync(request, ct);
    }

    public Task<Reply> Head(string path, CancellationToken ct, Caller caller = Caller.User) => SendAsync("HEAD", path, ct, caller: caller);
    public Task<Reply> Get(string path, CancellationToken ct, Caller caller = Caller.User) => SendAsync("GET", path, ct, caller: caller);
    public Task<Reply> GetRange(string path, string range, CancellationToken ct) => SendAsync("GET", path, ct, headers: [("Range", range)]);
    public Task<Reply> Post(string path, byte[] body, CancellationToken ct, Caller caller = Caller.User) => SendAsync("POST", path, ct, body, caller: caller);
    public Task<Reply> Delete(string path, CancellationToken ct, Caller caller = Caller.User) => SendAsync("DELETE", path, ct, caller: caller);
    /// <summary>restic's create: no Accept header, an empty body.</summary>
    public Task<Reply> Create(string repo, CancellationToken ct, Caller caller = Caller.User) => SendAsync("POST", repo + "?create=true", ct, body: [], caller: caller, accept: null);

    /// <summary>Lists <paramref name="type"/> asking for v2 (restic's own request), or with the given Accept.</summary>
    public Task<Reply> List(string repo, string type, CancellationToken ct, string? accept = Protocol.V2, Caller caller = Caller.User) =>
        SendAsync("GET", $"{repo}{type}/", ct, caller: caller, accept: accept);

    public void Dispose() => _http.Dispose();
}
