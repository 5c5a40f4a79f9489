using System.Text.Json;

namespace Kaya.Conformance.Suites;

/// <summary>Listing <c>GET {repo}/{type}/</c>: v1 names or v2 names with sizes.</summary>
internal static class ListCases
{
    public static void Add(CaseList c)
    {
        foreach (var type in Protocol.Types)
        {
            c.Baseline("LIST-3", $"GET {type}/ of a new repository (v2) answers 200 [] with the v2 Content-Type", async (x, ct) =>
                (await x.Http.List(await x.NewRepoAsync(ct), type, ct)).Is(200).HasHeader("Content-Type", Protocol.V2).HasEmptyJsonArray());

            c.Baseline("LIST-7", $"GET {type}/ (v2) lists every stored {type} object once with its exact size", async (x, ct) =>
            {
                var repo = await x.NewRepoAsync(ct);
                var stored = await StoreSeveralAsync(x, repo, type, 6, ct);
                var listed = V2Entries((await x.Http.List(repo, type, ct)).Is(200).HasHeader("Content-Type", Protocol.V2));
                ExpectSame(stored, listed);
            });
        }

        c.Baseline("LIST-3", "GET data/ of a new repository without Accept (v1) answers 200 [] with the v1 Content-Type", async (x, ct) =>
            (await x.Http.List(await x.NewRepoAsync(ct), "data", ct, accept: null)).Is(200).HasHeader("Content-Type", Protocol.V1).HasEmptyJsonArray());

        c.Baseline("LIST-1", "without Accept the listing is v1: a JSON array of the names, Content-Type v1", async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var stored = await StoreSeveralAsync(x, repo, "index", 4, ct);
            var names = V1Names((await x.Http.List(repo, "index", ct, accept: null)).Is(200).HasHeader("Content-Type", Protocol.V1));
            ExpectSameNames(stored.Keys, names);
        });

        c.Baseline("LIST-1", "Accept: application/vnd.x.restic.rest.v1 gets the v1 listing", async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var stored = await StoreSeveralAsync(x, repo, "keys", 2, ct);
            ExpectSameNames(stored.Keys, V1Names((await x.Http.List(repo, "keys", ct, accept: Protocol.V1)).Is(200).HasHeader("Content-Type", Protocol.V1)));
        });

        c.Baseline("LIST-1", "an Accept that only contains the v2 type (\"v2, */*\") gets the v1 listing", async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var stored = await StoreSeveralAsync(x, repo, "snapshots", 2, ct);
            var reply = (await x.Http.List(repo, "snapshots", ct, accept: Protocol.V2 + ", */*")).Is(200).HasHeader("Content-Type", Protocol.V1);
            ExpectSameNames(stored.Keys, V1Names(reply));
        });

        c.Baseline("LIST-7", "every name of a v1 listing answers HEAD 200 with its size (restic's v1 flow)", async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var stored = await StoreSeveralAsync(x, repo, "data", 5, ct);
            foreach (var name in V1Names((await x.Http.List(repo, "data", ct, accept: null)).Is(200)))
            {
                if (!stored.TryGetValue(name, out var size)) Reply.Fail($"listed {name}, which was never stored");
                (await x.Http.Head($"{repo}data/{name}", ct)).Is(200, $"HEAD {name[..8]}…").HasContentLength(size);
            }
        });

        c.Baseline("LIST-7", "a data listing covers objects whose names start with different bytes (20 objects)", async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var stored = await StoreSeveralAsync(x, repo, "data", 20, ct);
            ExpectSame(stored, V2Entries((await x.Http.List(repo, "data", ct)).Is(200)));
        });

        c.Baseline("LIST-7", "a deleted object is no longer listed", Needs.Deletes, async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var stored = await StoreSeveralAsync(x, repo, "snapshots", 3, ct);
            var gone = stored.Keys.First();
            (await x.Http.Delete($"{repo}snapshots/{gone}", ct)).Is(200, "DELETE");
            stored.Remove(gone);
            ExpectSame(stored, V2Entries((await x.Http.List(repo, "snapshots", ct)).Is(200)));
        });

        c.Baseline("LIST-4", "GET data/ of a repository that does not exist answers 404", async (x, ct) =>
            (await x.Http.List(x.NewRepoPath(), "data", ct)).Is(404));

        c.Baseline("LIST-6", "GET keys/ of a repository made by uploads alone (config, no keys folder) answers 200 [] or 404", async (x, ct) =>
        {
            var repo = await ImplicitRepoAsync(x, ct);
            var reply = (await x.Http.List(repo, "keys", ct)).IsOneOf(200, 404);
            if (reply.Status == 200) reply.HasEmptyJsonArray();
        });

        c.Kaya("LIST-3", "an empty listing is exactly [] (no whitespace)", async (x, ct) =>
            (await x.Http.List(await x.NewRepoAsync(ct), "locks", ct)).Is(200).HasBody("[]"));

        c.Kaya("LIST-6", "GET keys/ of a repository made by uploads alone (config, no keys folder) answers 200 []", async (x, ct) =>
            (await x.Http.List(await ImplicitRepoAsync(x, ct), "keys", ct)).Is(200).HasHeader("Content-Type", Protocol.V2).HasBody("[]"));

        c.Kaya("LIST-5", "failed uploads (wrong hash, cut-off body) leave nothing in the data and locks listings", async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var kept = Blob.Random(90);
            await x.StoreAsync(repo, "data", kept, ct);
            foreach (var type in new[] { "data", "locks" })
            {
                var wrong = Blob.Random(90);
                (await x.Http.Post($"{repo}{type}/{wrong.Id}", Blob.Random(90).Content, ct)).Is(400, $"setup: wrong-hash POST {type}");
                var cut = Blob.Random(4000);
                await x.Raw.TruncatedPostAsync($"{repo}{type}/{cut.Id}", cut.Content[..1000], cut.Content.Length, ct);
            }
            foreach (var accept in new string?[] { Protocol.V2, null })
            {
                var data = ListedNames((await x.Http.List(repo, "data", ct, accept)).Is(200));
                ExpectSameNames([kept.Id], data);
                var locks = ListedNames((await x.Http.List(repo, "locks", ct, accept)).Is(200));
                ExpectSameNames([], locks);
            }
        });

        c.Baseline("METHOD-1", "HEAD data/ answers 405 and Allow names GET", async (x, ct) =>
        {
            var reply = (await x.Http.SendAsync("HEAD", $"{await x.NewRepoAsync(ct)}data/", ct)).Is(405);
            Paths.AllowContains(reply, "GET");
        });

        c.Baseline("METHOD-1", "POST keys/ answers 405 and Allow names GET", async (x, ct) =>
        {
            var reply = (await x.Http.SendAsync("POST", $"{await x.NewRepoAsync(ct)}keys/", ct, body: [1])).Is(405);
            Paths.AllowContains(reply, "GET");
        });

        c.Baseline("METHOD-1", "POST {repo}keys/?create=true (create on a type folder) answers 405", async (x, ct) =>
            (await x.Http.Create($"{await x.NewRepoAsync(ct)}keys/", ct)).Is(405));

        c.Baseline("LIST-2", "a listing asked for with Accept-Encoding: gzip (Go's default) is not compressed", async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var stored = await StoreSeveralAsync(x, repo, "locks", 3, ct);
            var reply = (await x.Http.SendAsync("GET", $"{repo}locks/", ct, headers: [("Accept-Encoding", "gzip")])).Is(200).LacksHeader("Content-Encoding");
            ExpectSame(stored, V2Entries(reply));
        });

        c.Kaya("METHOD-1", "DELETE locks/ answers 405 with exactly Allow: GET", async (x, ct) =>
            (await x.Http.SendAsync("DELETE", $"{await x.NewRepoAsync(ct)}locks/", ct)).Is(405).HasHeader("Allow", "GET"));
    }

    /// <summary>
    /// A repository (it has a config) that lacks its type folders, like one copied without empty
    /// folders: made by uploads alone, never by <c>?create=true</c>.
    /// </summary>
    private static async Task<string> ImplicitRepoAsync(CaseContext x, CancellationToken ct)
    {
        var repo = x.NewRepoPath();
        var blob = Blob.Random(33);
        (await x.Http.Post($"{repo}data/{blob.Id}", blob.Content, ct)).Is(200, "setup: POST data into a repository never created");
        (await x.Http.Post($"{repo}config", Blob.Random(40).Content, ct)).Is(200, "setup: POST config");
        return repo;
    }

    private static async Task<Dictionary<string, long>> StoreSeveralAsync(CaseContext x, string repo, string type, int count, CancellationToken ct)
    {
        var stored = new Dictionary<string, long>();
        for (var i = 0; i < count; i++)
        {
            var blob = Blob.Random(55 + 7 * i);
            await x.StoreAsync(repo, type, blob, ct);
            stored[blob.Id] = blob.Content.Length;
        }
        return stored;
    }

    private static Dictionary<string, long> V2Entries(Reply reply)
    {
        var result = new Dictionary<string, long>();
        try
        {
            using var doc = JsonDocument.Parse(reply.Body);
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                var name = e.GetProperty("name").GetString()!;
                if (!result.TryAdd(name, e.GetProperty("size").GetInt64())) Reply.Fail($"{name} listed twice");
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            Reply.Fail($"{reply}: not a v2 listing ([{{\"name\":…,\"size\":…}}]): {e.Message}");
        }
        return result;
    }

    private static List<string> V1Names(Reply reply)
    {
        try
        {
            // JsonDocument, not JsonSerializer: kaya is built without reflection-based serialization.
            using var doc = JsonDocument.Parse(reply.Body);
            return [.. doc.RootElement.EnumerateArray().Select(e => e.GetString() ?? throw new JsonException("null name"))];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            Reply.Fail($"{reply}: not a v1 listing (a JSON array of names): {e.Message}");
            return [];
        }
    }

    /// <summary>Names from either listing version, judged by the Content-Type the server chose.</summary>
    private static List<string> ListedNames(Reply reply) =>
        reply.Header("Content-Type") == Protocol.V2 ? [.. V2Entries(reply).Keys] : V1Names(reply);

    private static void ExpectSame(Dictionary<string, long> stored, Dictionary<string, long> listed)
    {
        ExpectSameNames(stored.Keys, listed.Keys);
        foreach (var (name, size) in stored)
        {
            if (listed[name] != size) Reply.Fail($"{name[..8]}… listed with size {listed[name]}, stored {size}");
        }
    }

    private static void ExpectSameNames(IEnumerable<string> stored, IEnumerable<string> listed)
    {
        var want = stored.ToHashSet();
        var got = listed.ToList();
        if (got.Count != got.Distinct().Count()) Reply.Fail("a name is listed twice");
        var extra = got.Where(n => !want.Contains(n)).ToList();
        var missing = want.Where(n => !got.Contains(n)).ToList();
        if (extra.Count > 0) Reply.Fail($"listed names never stored: {string.Join(", ", extra.Take(3))}");
        if (missing.Count > 0) Reply.Fail($"{missing.Count} stored name(s) not listed, e.g. {missing[0][..8]}…");
    }
}
