using System.Net.Http.Headers;

namespace Kaya.Server.Tests;

/// <summary>Raw requests to the server under test, as the protocol tests send them.</summary>
public static class Http
{
    public static HttpRequestMessage Request(HttpMethod method, string path, byte[]? body = null, string? accept = null, string? range = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        }
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        if (range is not null) request.Headers.TryAddWithoutValidation("Range", range);
        return request;
    }

    public static Task<HttpResponseMessage> Post(this HttpClient c, string path, byte[] body) => c.SendAsync(Request(HttpMethod.Post, path, body));
    public static Task<HttpResponseMessage> Get(this HttpClient c, string path, string? range = null, string? accept = null) => c.SendAsync(Request(HttpMethod.Get, path, range: range, accept: accept));
    public static Task<HttpResponseMessage> Head(this HttpClient c, string path) => c.SendAsync(Request(HttpMethod.Head, path));
    public static Task<HttpResponseMessage> Delete(this HttpClient c, string path) => c.SendAsync(Request(HttpMethod.Delete, path));
    public static Task<HttpResponseMessage> Create(this HttpClient c, string repo) => c.SendAsync(Request(HttpMethod.Post, repo + "?create=true", []));

    public static async Task<int> Status(this Task<HttpResponseMessage> response) => (int)(await response).StatusCode;

    public static async Task<string> Body(this HttpResponseMessage response) => await response.Content.ReadAsStringAsync();
}
