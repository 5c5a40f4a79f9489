namespace Kaya.Conformance.Suites;

/// <summary>How answers look beyond their status: error bodies and the Server header.</summary>
internal static class StatusCases
{
    public static void Add(CaseList c)
    {
        c.Baseline("HEADER-1", "no answer carries a Server header starting with rclone/ (restic treats such servers differently)", async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            foreach (var reply in new[] { await x.Http.List(repo, "data", ct), await x.Http.Head($"{repo}config", ct) })
            {
                if (reply.Header("Server") is { } server && server.StartsWith("rclone/", StringComparison.OrdinalIgnoreCase))
                    Reply.Fail($"{reply.Status} with Server: {server}");
            }
        });

        c.Kaya("HEADER-1", "no answer carries a Server header", async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            (await x.Http.List(repo, "data", ct)).Is(200, "list").LacksHeader("Server");
            (await x.Http.Head($"{repo}config", ct)).Is(404, "HEAD config").LacksHeader("Server");
        });

        var errors = new (int Status, string Reason, string Method, string Target, Func<string, string> Path, bool WithBody)[]
        {
            (404, "Not Found", "GET", "data/ID", repo => $"{repo}data/{Blob.RandomId()}", false),
            (405, "Method Not Allowed", "GET", "{repo}/", repo => repo, false),
            (400, "Bad Request", "POST", "data/ID with wrong bytes", repo => $"{repo}data/{Blob.RandomId()}", true),
            (400, "Bad Request", "POST", "?create=no", repo => repo + "?create=no", false),
        };
        foreach (var (status, reason, method, target, path, withBody) in errors)
        {
            c.Kaya("STATUS-1", $"{status} has the body \"{reason}\\n\" as text/plain; charset=utf-8 ({method} {target})", async (x, ct) =>
            {
                var repo = await x.NewRepoAsync(ct);
                (await x.Http.SendAsync(method, path(repo), ct, body: withBody ? Blob.Random(10).Content : method == "POST" ? [] : null)).Is(status)
                    .HasHeader("Content-Type", "text/plain; charset=utf-8").HasBody(reason + "\n");
            });
        }

        c.Kaya("STATUS-1", "403 has the body \"Forbidden\\n\" as text/plain; charset=utf-8", async (x, ct) =>
        {
            var blob = Blob.Random(10);
            var repo = await x.RepoWithAsync("data", blob, ct);
            (await x.Http.Post($"{repo}data/{blob.Id}", [.. blob.Content, 1], ct)).Is(403)
                .HasHeader("Content-Type", "text/plain; charset=utf-8").HasBody("Forbidden\n");
        });
    }
}
