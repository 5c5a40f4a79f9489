namespace Kaya.Conformance.Suites;

/// <summary>Creating repositories: <c>POST {repo}/?create=true</c> and what else {repo}/ answers.</summary>
internal static class CreateCases
{
    public static void Add(CaseList c)
    {
        c.Baseline("CREATE-1", "POST {repo}/?create=true answers 200 and the repository lists as empty", async (x, ct) =>
        {
            var repo = x.NewRepoPath();
            (await x.Http.Create(repo, ct)).Is(200);
            (await x.Http.List(repo, "snapshots", ct)).Is(200, "then GET snapshots/").HasEmptyJsonArray();
        });

        c.Baseline("CREATE-1", "creating an existing repository again answers 200 and keeps its objects", async (x, ct) =>
        {
            var blob = Blob.Random(64);
            var repo = await x.RepoWithAsync("keys", blob, ct);
            (await x.Http.Create(repo, ct)).Is(200, "second create");
            await x.ExpectContentAsync($"{repo}keys/{blob.Id}", blob.Content, ct, "key after second create");
        });

        c.Baseline("CREATE-1", "a new repository has no config: HEAD config answers 404", async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            (await x.Http.Head($"{repo}config", ct)).Is(404);
        });

        c.Baseline("CREATE-1", "creating a repository is allowed in append-only mode", Needs.AppendOnly, async (x, ct) =>
        {
            (await x.Http.Create(x.NewRepoPath(), ct)).Is(200);
        });

        c.Baseline("CREATE-1", "a repository two folders deep can be created and used", async (x, ct) =>
        {
            // Under --private-repos every repository is already /USER/NAME/.
            var repo = x.Options.PrivateRepos ? x.NewRepoPath() : x.NewRepoPath() + "sub/";
            (await x.Http.Create(repo, ct)).Is(200);
            var blob = Blob.Random(32);
            (await x.Http.Post($"{repo}index/{blob.Id}", blob.Content, ct)).Is(200, "POST index object");
            await x.ExpectContentAsync($"{repo}index/{blob.Id}", blob.Content, ct, "GET index object");
        });

        c.Baseline("CREATE-2", "POST {repo}/ without ?create=true answers 400", async (x, ct) =>
        {
            (await x.Http.SendAsync("POST", x.NewRepoPath(), ct, body: [])).Is(400);
        });

        c.Baseline("CREATE-2", "POST {repo}/?create=yes answers 400", async (x, ct) =>
        {
            (await x.Http.SendAsync("POST", x.NewRepoPath() + "?create=yes", ct, body: [])).Is(400);
        });

        c.Baseline("PATH-3", "a repository three folders deep cannot be created: 404", async (x, ct) =>
        {
            (await x.Http.Create(Paths.ThreeDeep(x), ct)).Is(404);
        });

        c.Baseline("METHOD-1", "GET {repo}/ answers 405 and Allow names POST", async (x, ct) =>
        {
            var reply = (await x.Http.Get(await x.NewRepoAsync(ct), ct)).Is(405);
            Paths.AllowContains(reply, "POST");
        });

        c.Kaya("METHOD-1", "GET {repo}/ answers 405 with exactly Allow: POST", async (x, ct) =>
        {
            (await x.Http.Get(await x.NewRepoAsync(ct), ct)).Is(405).HasHeader("Allow", "POST");
        });

        c.Baseline("METHOD-1", "DELETE {repo}/ (remove repository) is refused (403, 405 or 501) and removes nothing", async (x, ct) =>
        {
            var blob = Blob.Random(20);
            var repo = await x.RepoWithAsync("snapshots", blob, ct);
            (await x.Http.Delete(repo, ct)).IsOneOf(403, 405, 501);
            await x.ExpectContentAsync($"{repo}snapshots/{blob.Id}", blob.Content, ct, "snapshot after DELETE {repo}/");
        });
    }
}
