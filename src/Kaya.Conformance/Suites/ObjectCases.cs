namespace Kaya.Conformance.Suites;

/// <summary>Storing, reading and deleting objects of every type (restic's own backend test, per type).</summary>
internal static class ObjectCases
{
    public static void Add(CaseList c)
    {
        foreach (var type in Protocol.Types)
        {
            // Locks are the one type append-only mode lets a client delete (APPEND-3).
            var deletes = type == "locks" ? Needs.None : Needs.Deletes;

            c.Baseline("UPLOAD-1", $"POST {type}/ID with bytes hashing to ID answers 200 with an empty body", async (x, ct) =>
            {
                var blob = Blob.Random(300);
                (await x.Http.Post($"{await x.NewRepoAsync(ct)}{type}/{blob.Id}", blob.Content, ct)).Is(200).HasEmptyBody();
            });

            c.Baseline("HEAD-1", $"HEAD {type}/ID answers 200 with the exact Content-Length and no body", async (x, ct) =>
            {
                var blob = Blob.Random(300);
                var repo = await x.RepoWithAsync(type, blob, ct);
                (await x.Http.Head($"{repo}{type}/{blob.Id}", ct)).Is(200).HasContentLength(300).HasEmptyBody();
            });

            c.Baseline("GET-1", $"GET {type}/ID answers 200 with the stored bytes and their Content-Length", async (x, ct) =>
            {
                var blob = Blob.Random(300);
                var repo = await x.RepoWithAsync(type, blob, ct);
                (await x.Http.Get($"{repo}{type}/{blob.Id}", ct)).Is(200).HasContentLength(300).HasBody(blob.Content);
            });

            c.Baseline("HEAD-1", $"HEAD {type}/ID of an object never stored answers 404", async (x, ct) =>
                (await x.Http.Head($"{await x.NewRepoAsync(ct)}{type}/{Blob.RandomId()}", ct)).Is(404));

            c.Baseline("GET-1", $"GET {type}/ID of an object never stored answers 404", async (x, ct) =>
                (await x.Http.Get($"{await x.NewRepoAsync(ct)}{type}/{Blob.RandomId()}", ct)).Is(404));

            c.Baseline("NOOVERWRITE-1", $"POST {type}/ID over an existing object with longer bytes answers 403 and keeps the first", async (x, ct) =>
            {
                var blob = Blob.Random(300);
                var repo = await x.RepoWithAsync(type, blob, ct);
                (await x.Http.Post($"{repo}{type}/{blob.Id}", [.. blob.Content, .. "other stuff"u8], ct)).Is(403);
                await x.ExpectContentAsync($"{repo}{type}/{blob.Id}", blob.Content, ct, "object after refused overwrite");
            });

            c.Baseline("NOOVERWRITE-2", $"POST {type}/ID again with the same bytes answers 200 or 403 and changes nothing", async (x, ct) =>
            {
                var blob = Blob.Random(300);
                var repo = await x.RepoWithAsync(type, blob, ct);
                (await x.Http.Post($"{repo}{type}/{blob.Id}", blob.Content, ct)).IsOneOf(200, 403);
                await x.ExpectContentAsync($"{repo}{type}/{blob.Id}", blob.Content, ct, "object after re-upload");
            });

            c.Kaya("NOOVERWRITE-2", $"POST {type}/ID again with the same bytes answers 200 (a retry after a lost answer succeeds)", async (x, ct) =>
            {
                var blob = Blob.Random(300);
                var repo = await x.RepoWithAsync(type, blob, ct);
                (await x.Http.Post($"{repo}{type}/{blob.Id}", blob.Content, ct)).Is(200).HasEmptyBody();
                await x.ExpectContentAsync($"{repo}{type}/{blob.Id}", blob.Content, ct, "object after re-upload");
            });

            c.Baseline("DELETE-1", $"DELETE {type}/ID answers 200 with an empty body, then HEAD answers 404", deletes, async (x, ct) =>
            {
                var blob = Blob.Random(300);
                var repo = await x.RepoWithAsync(type, blob, ct);
                (await x.Http.Delete($"{repo}{type}/{blob.Id}", ct)).Is(200).HasEmptyBody();
                await x.ExpectAbsentAsync($"{repo}{type}/{blob.Id}", ct, "HEAD after DELETE");
            });

            c.Baseline("DELETE-1", $"DELETE {type}/ID of an object never stored answers 200", deletes, async (x, ct) =>
                (await x.Http.Delete($"{await x.NewRepoAsync(ct)}{type}/{Blob.RandomId()}", ct)).Is(200));

            c.Baseline("UPLOAD-1", $"POST {type}/ID after DELETE stores it again (restic's retry)", deletes, async (x, ct) =>
            {
                var blob = Blob.Random(300);
                var repo = await x.RepoWithAsync(type, blob, ct);
                (await x.Http.Delete($"{repo}{type}/{blob.Id}", ct)).Is(200, "DELETE");
                (await x.Http.Post($"{repo}{type}/{blob.Id}", blob.Content, ct)).Is(200, "POST again");
                await x.ExpectContentAsync($"{repo}{type}/{blob.Id}", blob.Content, ct, "GET after re-POST");
            });

            c.Baseline("METHOD-1", $"PUT {type}/ID answers 405 and Allow names HEAD, GET, POST, DELETE", async (x, ct) =>
            {
                var blob = Blob.Random(30);
                var reply = (await x.Http.SendAsync("PUT", $"{await x.NewRepoAsync(ct)}{type}/{blob.Id}", ct, blob.Content)).Is(405);
                Paths.AllowContains(reply, "HEAD", "GET", "POST", "DELETE");
            });
        }

        c.Baseline("NOOVERWRITE-1", "POST data/ID over an existing object with other bytes of the same length answers 403 (or 400, they fail verification) and keeps the first", async (x, ct) =>
        {
            var blob = Blob.Random(300);
            var repo = await x.RepoWithAsync("data", blob, ct);
            (await x.Http.Post($"{repo}data/{blob.Id}", blob.Altered(), ct)).IsOneOf(403, 400);
            await x.ExpectContentAsync($"{repo}data/{blob.Id}", blob.Content, ct, "object after refused overwrite");
        });

        c.Baseline("NOOVERWRITE-2", "six concurrent uploads of the same object each answer 200 or 403, and the object is right", async (x, ct) =>
        {
            var blob = Blob.Random(200_000);
            var repo = await x.NewRepoAsync(ct);
            var replies = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => x.Http.Post($"{repo}data/{blob.Id}", blob.Content, ct)));
            foreach (var r in replies) r.IsOneOf(200, 403);
            if (!replies.Any(r => r.Status == 200)) Reply.Fail("no upload answered 200");
            await x.ExpectContentAsync($"{repo}data/{blob.Id}", blob.Content, ct, "GET after the uploads");
        });

        c.Kaya("NOOVERWRITE-2", "six concurrent uploads of the same object all answer 200", async (x, ct) =>
        {
            var blob = Blob.Random(200_000);
            var repo = await x.NewRepoAsync(ct);
            var replies = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => x.Http.Post($"{repo}data/{blob.Id}", blob.Content, ct)));
            foreach (var r in replies) r.Is(200);
            await x.ExpectContentAsync($"{repo}data/{blob.Id}", blob.Content, ct, "GET after the uploads");
        });

        c.Baseline("GET-1", "GET with Accept-Encoding: gzip (Go's default) returns the stored bytes uncompressed", async (x, ct) =>
        {
            var blob = Blob.Random(4096);
            var repo = await x.RepoWithAsync("index", blob, ct);
            (await x.Http.SendAsync("GET", $"{repo}index/{blob.Id}", ct, headers: [("Accept-Encoding", "gzip")])).Is(200)
                .LacksHeader("Content-Encoding").HasBody(blob.Content);
        });

        c.Baseline("UPLOAD-1", "an empty object (the hash of no bytes) is stored and read back with Content-Length 0", async (x, ct) =>
        {
            var empty = Blob.Of([]);
            var repo = await x.RepoWithAsync("data", empty, ct);
            (await x.Http.Head($"{repo}data/{empty.Id}", ct)).Is(200, "HEAD").HasContentLength(0);
            (await x.Http.Get($"{repo}data/{empty.Id}", ct)).Is(200, "GET").HasEmptyBody();
        });

        c.Baseline("UPLOAD-1", "a 1 MiB data object is stored and read back byte for byte", async (x, ct) =>
        {
            var blob = Blob.Random(1 << 20);
            var repo = await x.RepoWithAsync("data", blob, ct);
            (await x.Http.Get($"{repo}data/{blob.Id}", ct)).Is(200).HasContentLength(blob.Content.Length).HasBody(blob.Content);
        });

        c.Baseline("UPLOAD-4", "POST data/ID into a repository never created answers 200 and stores it", async (x, ct) =>
        {
            var blob = Blob.Random(40);
            var repo = x.NewRepoPath();
            (await x.Http.Post($"{repo}data/{blob.Id}", blob.Content, ct)).Is(200);
            await x.ExpectContentAsync($"{repo}data/{blob.Id}", blob.Content, ct, "GET after implicit creation");
        });

        c.Baseline("SUCCESS-1", "HEAD, GET, POST and DELETE of a lock all answer exactly 200 (never 201 or 204)", async (x, ct) =>
        {
            var blob = Blob.Random(50);
            var repo = await x.NewRepoAsync(ct);
            var path = $"{repo}locks/{blob.Id}";
            (await x.Http.Post(path, blob.Content, ct)).Is(200, "POST");
            (await x.Http.Head(path, ct)).Is(200, "HEAD");
            (await x.Http.Get(path, ct)).Is(200, "GET");
            (await x.Http.Delete(path, ct)).Is(200, "DELETE");
        });
    }
}
