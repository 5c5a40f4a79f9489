namespace Kaya.Conformance.Suites;

/// <summary>What a request path may name: repository folders, types and object names.</summary>
internal static class PathCases
{
    public static void Add(CaseList c)
    {
        var bad = new (string What, Func<string, string> Mangle)[]
        {
            ("63 hex digits", id => id[..63]),
            ("65 hex digits", id => id + "0"),
            ("upper-case hex", id => id.ToUpperInvariant()),
            ("a non-hex letter", id => "g" + id[1..]),
        };
        foreach (var (what, mangle) in bad)
        {
            c.Baseline("PATH-5", $"an object name of {what} is not a name: GET and HEAD answer 404", async (x, ct) =>
            {
                var repo = await x.NewRepoAsync(ct);
                var name = mangle(Blob.RandomId());
                (await x.Http.Get($"{repo}data/{name}", ct)).Is(404, "GET");
                (await x.Http.Head($"{repo}data/{name}", ct)).Is(404, "HEAD");
            });
        }

        c.Baseline("PATH-5", "POST under an upper-case name (of the right hash) answers 404 and stores nothing", async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var blob = Blob.Random(64);
            (await x.Http.Post($"{repo}data/{blob.Id.ToUpperInvariant()}", blob.Content, ct)).Is(404);
            await x.ExpectAbsentAsync($"{repo}data/{blob.Id}", ct, "HEAD of the lower-case name");
        });

        c.Baseline("PATH-4", "an unknown type (tree/ID) answers 404 to GET and POST", async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var blob = Blob.Random(64);
            (await x.Http.Post($"{repo}tree/{blob.Id}", blob.Content, ct)).Is(404, "POST");
            (await x.Http.Get($"{repo}tree/{blob.Id}", ct)).Is(404, "GET");
        });

        c.Baseline("PATH-4", "types are lower-case: GET DATA/ID answers 404", async (x, ct) =>
        {
            var blob = Blob.Random(64);
            var repo = await x.RepoWithAsync("data", blob, ct);
            (await x.Http.Get($"{repo}DATA/{blob.Id}", ct)).Is(404);
        });

        c.Baseline("PATH-1", "data/ID/ (trailing slash after a name) answers 404", async (x, ct) =>
        {
            var blob = Blob.Random(64);
            var repo = await x.RepoWithAsync("data", blob, ct);
            (await x.Http.Get($"{repo}data/{blob.Id}/", ct)).Is(404);
        });

        c.Baseline("PATH-1", "config/ (trailing slash) answers 404", async (x, ct) =>
            (await x.Http.Get($"{await x.NewRepoAsync(ct)}config/", ct)).Is(404));

        c.Baseline("PATH-1", "{repo}data without the trailing slash answers 404", async (x, ct) =>
            (await x.Http.Get($"{await x.NewRepoAsync(ct)}data", ct)).Is(404));

        c.Baseline("PATH-3", "config three folders deep answers 404", async (x, ct) =>
            (await x.Http.Get($"{Paths.ThreeDeep(x)}config", ct)).Is(404));

        c.Baseline("PATH-3", "POST data/ID three folders deep answers 404", async (x, ct) =>
        {
            var blob = Blob.Random(64);
            (await x.Http.Post($"{Paths.ThreeDeep(x)}data/{blob.Id}", blob.Content, ct)).Is(404);
        });

        c.Baseline("PATH-2", "a type name ends the repository path: {repo}keys/ lists the keys of {repo}", async (x, ct) =>
        {
            var blob = Blob.Random(64);
            var repo = await x.RepoWithAsync("keys", blob, ct);
            var reply = (await x.Http.List(repo, "keys", ct)).Is(200);
            if (!reply.Text.Contains(blob.Id, StringComparison.Ordinal)) Reply.Fail($"{reply}: the stored key is not listed");
        });

        c.Baseline("PATH-6", "an empty folder (//) is not served: 301 to the clean path or 404, and POST stores nothing", async (x, ct) =>
        {
            var blob = Blob.Random(64);
            var repo = await x.NewRepoAsync(ct);
            var unclean = repo.TrimEnd('/') + "//data/" + blob.Id;
            var reply = (await x.Http.Post(unclean, blob.Content, ct)).IsOneOf(301, 404);
            if (reply.Status == 301 && reply.Header("Location") is { } location && location.Contains("//", StringComparison.Ordinal))
                Reply.Fail($"301 to {location}, which is not clean");
            await x.ExpectAbsentAsync($"{repo}data/{blob.Id}", ct, "HEAD of the clean path");
        });

        c.Kaya("PATH-6", "an empty folder (//) answers 404", async (x, ct) =>
        {
            var blob = Blob.Random(64);
            var repo = await x.RepoWithAsync("data", blob, ct);
            (await x.Http.Get(repo.TrimEnd('/') + "//data/" + blob.Id, ct)).Is(404);
        });

        c.Kaya("PATH-7", "%2F in the path acts as /: {a}%2F{b}/config is {a}/{b}/config", Needs.None, async (x, ct) =>
        {
            var repo = x.Options.PrivateRepos ? x.NewRepoPath() : x.NewRepoPath() + "sub/";
            (await x.Http.Create(repo, ct)).Is(200, "setup: create");
            var config = Blob.Random(40).Content;
            (await x.Http.Post($"{repo}config", config, ct)).Is(200, "setup: POST config");
            var parts = repo.Trim('/').Split('/');
            (await x.Http.Get($"/{parts[0]}%2F{parts[1]}/config", ct)).Is(200).HasBody(config);
        });
    }
}
