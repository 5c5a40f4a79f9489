namespace Kaya.Conformance.Suites;

/// <summary>Authentication: Basic credentials on every request, checked before anything else.</summary>
internal static class AuthCases
{
    public static void Add(CaseList c)
    {
        c.Baseline("AUTH-1", "without credentials POST ?create=true answers 401", Needs.Auth, async (x, ct) =>
            (await x.Http.Create(x.NewRepoPath(), ct, Caller.Anonymous)).Is(401));

        c.Baseline("AUTH-1", "without credentials HEAD config, GET data/ID and list answer 401", Needs.Auth, async (x, ct) =>
        {
            var blob = Blob.Random(50);
            var repo = await x.RepoWithAsync("data", blob, ct);
            (await x.Http.Post($"{repo}config", Blob.Random(20).Content, ct)).Is(200, "setup: POST config");
            (await x.Http.Head($"{repo}config", ct, Caller.Anonymous)).Is(401, "HEAD config");
            (await x.Http.Get($"{repo}data/{blob.Id}", ct, Caller.Anonymous)).Is(401, "GET data/ID");
            (await x.Http.List(repo, "data", ct, caller: Caller.Anonymous)).Is(401, "list");
        });

        c.Baseline("AUTH-1", "without credentials POST data/ID answers 401 and stores nothing", Needs.Auth, async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var blob = Blob.Random(50);
            (await x.Http.Post($"{repo}data/{blob.Id}", blob.Content, ct, Caller.Anonymous)).Is(401);
            await x.ExpectAbsentAsync($"{repo}data/{blob.Id}", ct, "HEAD with credentials");
        });

        c.Baseline("AUTH-1", "without credentials DELETE locks/ID answers 401 and the lock stays", Needs.Auth, async (x, ct) =>
        {
            var blob = Blob.Random(50);
            var repo = await x.RepoWithAsync("locks", blob, ct);
            (await x.Http.Delete($"{repo}locks/{blob.Id}", ct, Caller.Anonymous)).Is(401);
            await x.ExpectContentAsync($"{repo}locks/{blob.Id}", blob.Content, ct, "GET with credentials");
        });

        var wrong = new (string What, Func<ConformanceOptions, string> Header)[]
        {
            ("a wrong password", o => ServerClient.Basic(o.User!, o.Password + "x")),
            ("an unknown user", o => ServerClient.Basic(o.User + "-unknown", o.Password!)),
            ("the user name in other case", o => ServerClient.Basic(Recased(o.User!), o.Password!)),
            ("an empty user and password (Basic Og==)", _ => "Basic Og=="),
            ("Basic with invalid base64", _ => "Basic !!!not-base64!!!"),
            ("Basic without a colon", o => "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(o.User!))),
            ("a Bearer token", o => "Bearer " + o.Password),
        };
        foreach (var (what, header) in wrong)
        {
            c.Baseline("AUTH-1", $"{what} answers 401", Needs.Auth, async (x, ct) =>
            {
                var repo = await x.NewRepoAsync(ct);
                (await x.Http.SendAsync("GET", $"{repo}keys/", ct, authorization: header(x.Options))).Is(401);
            });
        }

        c.Baseline("ORDER-1", "authentication comes before the path: without credentials a bad path answers 401, not 404", Needs.Auth, async (x, ct) =>
            (await x.Http.Get($"{x.NewRepoPath()}data/not-an-id", ct, Caller.Anonymous)).Is(401));

        c.Baseline("ORDER-1", "authentication comes before the method: without credentials PUT config answers 401, not 405", Needs.Auth, async (x, ct) =>
            (await x.Http.SendAsync("PUT", $"{x.NewRepoPath()}config", ct, body: [1], caller: Caller.Anonymous)).Is(401));

        c.Kaya("STATUS-1", "401 has the body \"Unauthorized\\n\" as text/plain; charset=utf-8", Needs.Auth, async (x, ct) =>
            (await x.Http.Get($"{x.NewRepoPath()}config", ct, Caller.Anonymous)).Is(401)
                .HasHeader("Content-Type", "text/plain; charset=utf-8").HasBody("Unauthorized\n"));

        c.Baseline("AUTH-7", "without authentication an Authorization of Basic Og== (restic without credentials) is ignored", Needs.NoAuth, async (x, ct) =>
            (await x.Http.SendAsync("POST", x.NewRepoPath() + "?create=true", ct, body: [], authorization: "Basic Og==")).Is(200));

        c.Baseline("AUTH-7", "without authentication any Basic credentials are ignored", Needs.NoAuth, async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            (await x.Http.SendAsync("GET", $"{repo}keys/", ct, authorization: ServerClient.Basic("nobody", "nothing"))).Is(200);
        });
    }

    private static string Recased(string user)
    {
        var upper = user.ToUpperInvariant();
        return upper != user ? upper : user.ToLowerInvariant() != user ? user.ToLowerInvariant() : user + "X";
    }
}
