namespace Kaya.Conformance.Suites;

/// <summary>Upload verification and interrupted uploads: only complete bytes that hash to their name are kept.</summary>
internal static class VerifyCases
{
    public static void Add(CaseList c)
    {
        foreach (var type in Protocol.Types)
        {
            c.Baseline("VERIFY-1", $"POST {type}/ID with bytes that do not hash to ID answers 400 and stores nothing", async (x, ct) =>
            {
                var repo = await x.NewRepoAsync(ct);
                var id = Blob.RandomId();
                (await x.Http.Post($"{repo}{type}/{id}", Blob.Random(200).Content, ct)).Is(400);
                await x.ExpectAbsentAsync($"{repo}{type}/{id}", ct, "HEAD after refused upload");
            });
        }

        c.Baseline("VERIFY-1", "POST data/ID with the right bytes plus one more answers 400 and stores nothing", async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var blob = Blob.Random(200);
            (await x.Http.Post($"{repo}data/{blob.Id}", [.. blob.Content, 0], ct)).Is(400);
            await x.ExpectAbsentAsync($"{repo}data/{blob.Id}", ct, "HEAD after refused upload");
        });

        c.Baseline("VERIFY-1", "POST data/ID with the right length but one byte changed answers 400 and stores nothing", async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var blob = Blob.Random(200);
            (await x.Http.Post($"{repo}data/{blob.Id}", blob.Altered(), ct)).Is(400);
            await x.ExpectAbsentAsync($"{repo}data/{blob.Id}", ct, "HEAD after refused upload");
        });

        c.Baseline("VERIFY-1", "POST data/ID with an empty body (ID not the hash of nothing) answers 400", async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var id = Blob.RandomId();
            (await x.Http.Post($"{repo}data/{id}", [], ct)).Is(400);
            await x.ExpectAbsentAsync($"{repo}data/{id}", ct, "HEAD after refused upload");
        });

        c.Baseline("VERIFY-1", "after a refused wrong-hash upload the right bytes can still be stored", async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var blob = Blob.Random(200);
            (await x.Http.Post($"{repo}index/{blob.Id}", blob.Altered(), ct)).Is(400, "wrong bytes");
            (await x.Http.Post($"{repo}index/{blob.Id}", blob.Content, ct)).Is(200, "right bytes");
            await x.ExpectContentAsync($"{repo}index/{blob.Id}", blob.Content, ct, "GET");
        });

        c.Baseline("UPLOAD-2", "a chunked upload (no Content-Length) of data/ID answers 200 and stores the bytes", async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var blob = Blob.Random(70_000);
            (await x.Http.PostChunked($"{repo}data/{blob.Id}", blob.Content, ct)).Is(200);
            await x.ExpectContentAsync($"{repo}data/{blob.Id}", blob.Content, ct, "GET");
        });

        c.Baseline("UPLOAD-2", "a chunked upload with bytes that do not hash to the name answers 400 and stores nothing", async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var id = Blob.RandomId();
            (await x.Http.PostChunked($"{repo}index/{id}", Blob.Random(5_000).Content, ct)).Is(400);
            await x.ExpectAbsentAsync($"{repo}index/{id}", ct, "HEAD");
        });

        c.Baseline("UPLOAD-2", "a chunked config upload answers 200 and stores the bytes", async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var config = Blob.Random(500).Content;
            (await x.Http.PostChunked($"{repo}config", config, ct)).Is(200);
            await x.ExpectContentAsync($"{repo}config", config, ct, "GET config");
        });

        c.Baseline("UPLOAD-3", "a body cut off before its Content-Length answers 400 (or no answer) and stores nothing", async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var blob = Blob.Random(10_000);
            var reply = await x.Raw.TruncatedPostAsync($"{repo}data/{blob.Id}", blob.Content[..4_000], blob.Content.Length, ct);
            reply?.Is(400);
            await x.ExpectAbsentAsync($"{repo}data/{blob.Id}", ct, "HEAD after the cut-off upload");
        });

        c.Baseline("UPLOAD-3", "after a cut-off upload the whole object can be stored under the same name", async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var blob = Blob.Random(10_000);
            await x.Raw.TruncatedPostAsync($"{repo}snapshots/{blob.Id}", blob.Content[..4_000], blob.Content.Length, ct);
            (await x.Http.Post($"{repo}snapshots/{blob.Id}", blob.Content, ct)).Is(200, "complete POST");
            await x.ExpectContentAsync($"{repo}snapshots/{blob.Id}", blob.Content, ct, "GET");
        });

        c.Baseline("UPLOAD-1", "an upload cut off while a complete upload of the same name succeeds does not clobber it", async (x, ct) =>
        {
            // rest-server's TestAbortedRequest: the failed upload must neither replace nor delete the good one.
            var repo = await x.NewRepoAsync(ct);
            var blob = Blob.Random(5_000);
            var path = $"{repo}data/{blob.Id}";
            await x.Raw.TruncatedPostAsync(path, Blob.Random(2_000).Content, blob.Content.Length, ct, async () =>
                (await x.Http.Post(path, blob.Content, ct)).Is(200, "complete POST while the other is pending"));
            await x.ExpectContentAsync(path, blob.Content, ct, "GET after the cut-off upload ended");
        });

        c.Baseline("UPLOAD-1", "an object is not visible while its upload is still in progress", async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var blob = Blob.Random(8_000);
            var path = $"{repo}keys/{blob.Id}";
            await x.Raw.TruncatedPostAsync(path, blob.Content[..3_000], blob.Content.Length, ct, async () =>
                await x.ExpectAbsentAsync(path, ct, "HEAD during the upload"));
        });

        c.Kaya("UPLOAD-3", "a config upload cut off before its Content-Length leaves no config", async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var config = Blob.Random(3_000).Content;
            var reply = await x.Raw.TruncatedPostAsync($"{repo}config", config[..1_000], config.Length, ct);
            reply?.Is(400);
            await x.ExpectAbsentAsync($"{repo}config", ct, "HEAD config after the cut-off upload");
            (await x.Http.Post($"{repo}config", config, ct)).Is(200, "complete POST config");
        });
    }
}
