using Kaya.Bench.Report;
using Kaya.Bench.Servers;

namespace Kaya.Bench.Rows;

/// <summary>Rows 1-4: plain REST load, no restic involved.</summary>
public static class HttpRows
{
    private const string Repo = "repo";

    /// <summary>Row 1: large blobs into a fresh repository, no auth: MB/s (10^6 bytes).</summary>
    public static Task<Measurement> RawUploadAsync(BenchContext context, ServerKind server, CancellationToken ct)
    {
        HttpClient? client = null;
        return Measured.RunAsync(context, Row.RawUpload, server, ServeMode.Open,
            async (s, token) => { client = HttpLoad.Client(s.Url); await HttpLoad.CreateRepositoryAsync(client, Repo, token); },
            async (_, token) =>
            {
                using var c = client!;
                await HttpLoad.UploadAllAsync(c, Repo, context.RawBlobs, token);
                var bytes = context.RawBlobs.Sum(b => (double)b.Data.Length);
                return elapsed => bytes / elapsed.TotalSeconds / 1e6;
            }, ct);
    }

    /// <summary>Row 2: small blobs, where per-request overhead (and per-file fsync) dominates: requests/s.</summary>
    public static Task<Measurement> SmallObjectsAsync(BenchContext context, ServerKind server, CancellationToken ct) =>
        Measured.RunAsync(context, Row.SmallObjects, server, ServeMode.Open,
            async (s, token) =>
            {
                using var client = HttpLoad.Client(s.Url);
                await HttpLoad.CreateRepositoryAsync(client, Repo, token);
            },
            async (s, token) =>
            {
                await RawHttp.UploadAllAsync(s.Url, Repo, context.SmallBlobs, token);
                return elapsed => context.SmallBlobs.Length / elapsed.TotalSeconds;
            }, ct);

    /// <summary>
    /// Row 3: one v2 listing of data/ in a repository made directly on disk before the server started: ms.
    /// The connection is opened (and the server's first-request path warmed) by a HEAD of config first.
    /// </summary>
    public static Task<Measurement> ListingAsync(BenchContext context, ServerKind server, CancellationToken ct)
    {
        HttpClient? client = null;
        // On a store, the listing's repository was copied into its bucket beforehand (ObjectStore/S3Setup).
        var mode = server.Store is null ? ServeMode.Open : ServeMode.Open with { S3Path = context.S3ListingPath };
        return Measured.RunAsync(context, Row.Listing, server, mode,
            async (s, token) =>
            {
                client = HttpLoad.Client(s.Url);
                using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{Repo}/config"), token);
                await HttpLoad.EnsureOkAsync(head, "HEAD config");
            },
            async (_, token) =>
            {
                using var c = client!;
                using var request = new HttpRequestMessage(HttpMethod.Get, $"{Repo}/data/");
                request.Headers.Accept.ParseAdd(HttpLoad.V2);
                using var response = await c.SendAsync(request, token);
                await HttpLoad.EnsureOkAsync(response, "list data/");
                var body = await response.Content.ReadAsStringAsync(token);
                var listed = body.Split("\"name\"").Length - 1;
                if (listed != context.Settings.ListingFiles)
                    throw new Sys.BenchException($"{server.Name} listed {listed} files in data/, expected {context.Settings.ListingFiles}");
                return elapsed => elapsed.TotalMilliseconds;
            }, ct, dataPath: server.Store is null ? context.ListingRoot : null);
    }

    /// <summary>Row 4: HEADs of one blob with Basic auth against a bcrypt (cost 10) htpasswd, Parallel keep-alive connections: requests/s.</summary>
    public static Task<Measurement> AuthenticatedAsync(BenchContext context, ServerKind server, CancellationToken ct)
    {
        HttpClient? client = null;
        var blob = context.SmallBlobs[0];
        return Measured.RunAsync(context, Row.Auth, server, new ServeMode(Htpasswd: context.Htpasswd),
            async (s, token) =>
            {
                client = HttpLoad.Client(s.Url, authenticated: true);
                await HttpLoad.CreateRepositoryAsync(client, Repo, token);
                await HttpLoad.UploadAsync(client, Repo, blob, token);
            },
            async (_, token) =>
            {
                using var c = client!;
                // A server that runs bcrypt on every request manages ~15 req/s on 2 cores: 2,000 HEADs would
                // take minutes, so the row stops at a time budget and counts what completed by then.
                using var budget = CancellationTokenSource.CreateLinkedTokenSource(token);
                budget.CancelAfter(context.Settings.AuthBudget);
                int started = 0, completed = 0;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                await Parallel.ForAsync(0, BenchSettings.Parallel, token, async (_, t) =>
                {
                    while (!budget.IsCancellationRequested && Interlocked.Increment(ref started) <= context.Settings.AuthRequests)
                    {
                        using var response = await c.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{Repo}/data/{blob.Id}"), t);
                        await HttpLoad.EnsureOkAsync(response, "authenticated HEAD");
                        Interlocked.Increment(ref completed);
                    }
                });
                var seconds = clock.Elapsed.TotalSeconds;
                return _ => completed / seconds;
            }, ct);
    }
}
