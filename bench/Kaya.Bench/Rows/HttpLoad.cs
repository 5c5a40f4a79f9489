using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Kaya.Bench.Data;
using Kaya.Bench.Sys;

namespace Kaya.Bench.Rows;

/// <summary>The HTTP side of the load: one client with restic's connection count, requests in parallel.</summary>
public static class HttpLoad
{
    public const string V2 = "application/vnd.x.restic.rest.v2";

    public static HttpClient Client(Uri baseAddress, bool authenticated = false)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = BenchSettings.Parallel,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
        if (authenticated)
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{BenchContext.User}:{BenchContext.Password}"));
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", token);
        }
        return client;
    }

    public static async Task CreateRepositoryAsync(HttpClient client, string repo, CancellationToken ct)
    {
        using var response = await client.PostAsync($"{repo}/?create=true", null, ct);
        await EnsureOkAsync(response, $"create {repo}");
    }

    /// <summary>Uploads every blob, Parallel at a time, as restic does (POST repo/data/&lt;id&gt;).</summary>
    public static Task UploadAllAsync(HttpClient client, string repo, Blob[] blobs, CancellationToken ct) =>
        System.Threading.Tasks.Parallel.ForEachAsync(blobs, new ParallelOptions { MaxDegreeOfParallelism = BenchSettings.Parallel, CancellationToken = ct },
            async (blob, token) => await UploadAsync(client, repo, blob, token));

    public static async Task UploadAsync(HttpClient client, string repo, Blob blob, CancellationToken ct)
    {
        using var content = new ReadOnlyMemoryContent(blob.Data);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await client.PostAsync($"{repo}/data/{blob.Id}", content, ct);
        await EnsureOkAsync(response, $"upload {blob.Id[..12]}");
    }

    public static async Task EnsureOkAsync(HttpResponseMessage response, string what)
    {
        if (response.StatusCode == HttpStatusCode.OK) return;
        var body = await response.Content.ReadAsStringAsync();
        throw new BenchException($"{what}: HTTP {(int)response.StatusCode} {body.Trim()}");
    }
}
