namespace Kaya.Conformance.Suites;

/// <summary>--private-repos: a user reaches /USER/ and /USER/SUB/ only; everything else is 401.</summary>
internal static class PrivateCases
{
    public static void Add(CaseList c)
    {
        c.Baseline("PRIV-1", "the user's own /USER/NAME/ can be created, written and read", Needs.Private, async (x, ct) =>
        {
            var blob = Blob.Random(80);
            var repo = await x.RepoWithAsync("snapshots", blob, ct);
            await x.ExpectContentAsync($"{repo}snapshots/{blob.Id}", blob.Content, ct, "GET");
        });

        c.Baseline("PRIV-1", "the user's own folder /USER/ is reachable: HEAD /USER/config answers 404, not 401", Needs.Private, async (x, ct) =>
            (await x.Http.Head($"/{x.Options.User}/config", ct)).Is(404));

        c.Baseline("PRIV-1", "the root repository is not the user's: POST /?create=true answers 401", Needs.Private, async (x, ct) =>
            (await x.Http.Create("/", ct)).Is(401));

        c.Baseline("PRIV-1", "the root repository is not the user's: HEAD /config and GET /keys/ answer 401", Needs.Private, async (x, ct) =>
        {
            (await x.Http.Head("/config", ct)).Is(401, "HEAD /config");
            (await x.Http.List("/", "keys", ct)).Is(401, "GET /keys/");
        });

        c.Baseline("PRIV-1", "a folder that merely starts with the user name (/USERx/) answers 401", Needs.Private, async (x, ct) =>
            (await x.Http.Create($"/{x.Options.User}x/{Name()}/", ct)).Is(401));

        c.Baseline("PRIV-1", "someone else's folder answers 401 to create, HEAD config and list", Needs.Private, async (x, ct) =>
        {
            var repo = $"/{x.Options.OtherUser ?? "someone-else"}/{Name()}/";
            (await x.Http.Create(repo, ct)).Is(401, "create");
            (await x.Http.Head($"{repo}config", ct)).Is(401, "HEAD config");
            (await x.Http.List(repo, "data", ct)).Is(401, "list");
        });

        c.Baseline("PRIV-1", "%2F..%2F cannot reach someone else's folder", Needs.Private, async (x, ct) =>
        {
            var other = x.Options.OtherUser ?? "someone-else";
            var reply = await x.Http.Create($"/{x.Options.User}%2F..%2F{other}/{Name()}/", ct);
            if (reply.Status is >= 200 and < 300) Reply.Fail($"got {reply}, want a refusal (401, 404 or a redirect)");
        });

        c.Baseline("PATH-8", "raw dot segments (/USER/../OTHER/NAME/) cannot reach someone else's folder", Needs.Private, async (x, ct) =>
        {
            var other = x.Options.OtherUser ?? "someone-else";
            var reply = await x.Http.Create($"/{x.Options.User}/../{other}/{Name()}/", ct);
            if (reply.Status is >= 200 and < 300) Reply.Fail($"got {reply}, want a refusal (401, 404 or a redirect)");
        });

        c.Baseline("ORDER-1", "the private check comes before the method: GET /OTHER/NAME/ answers 401, not 405", Needs.Private, async (x, ct) =>
            (await x.Http.Get($"/{x.Options.OtherUser ?? "someone-else"}/{Name()}/", ct)).Is(401));

        c.Baseline("PRIV-1", "the other user's own repository works for them", Needs.Private | Needs.OtherUser, async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct, Caller.OtherUser);
            var blob = Blob.Random(80);
            (await x.Http.Post($"{repo}locks/{blob.Id}", blob.Content, ct, Caller.OtherUser)).Is(200, "POST as the other user");
        });

        c.Baseline("PRIV-1", "another user cannot read the user's objects: GET and HEAD answer 401", Needs.Private | Needs.OtherUser, async (x, ct) =>
        {
            var blob = Blob.Random(80);
            var repo = await x.RepoWithAsync("data", blob, ct);
            (await x.Http.Get($"{repo}data/{blob.Id}", ct, Caller.OtherUser)).Is(401, "GET");
            (await x.Http.Head($"{repo}data/{blob.Id}", ct, Caller.OtherUser)).Is(401, "HEAD");
        });

        c.Baseline("PRIV-1", "another user cannot list the user's repository: 401", Needs.Private | Needs.OtherUser, async (x, ct) =>
        {
            var repo = await x.RepoWithAsync("index", Blob.Random(80), ct);
            (await x.Http.List(repo, "index", ct, caller: Caller.OtherUser)).Is(401);
        });

        c.Baseline("PRIV-1", "another user cannot add to the user's repository: POST answers 401 and stores nothing", Needs.Private | Needs.OtherUser, async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var blob = Blob.Random(80);
            (await x.Http.Post($"{repo}keys/{blob.Id}", blob.Content, ct, Caller.OtherUser)).Is(401);
            await x.ExpectAbsentAsync($"{repo}keys/{blob.Id}", ct, "HEAD as the owner");
        });

        c.Baseline("PRIV-1", "another user cannot delete the user's lock: DELETE answers 401 and the lock stays", Needs.Private | Needs.OtherUser, async (x, ct) =>
        {
            var blob = Blob.Random(80);
            var repo = await x.RepoWithAsync("locks", blob, ct);
            (await x.Http.Delete($"{repo}locks/{blob.Id}", ct, Caller.OtherUser)).Is(401);
            await x.ExpectContentAsync($"{repo}locks/{blob.Id}", blob.Content, ct, "GET as the owner");
        });
    }

    private static string Name() => "conformance-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
}
