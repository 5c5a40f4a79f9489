namespace Kaya.Conformance.Suites;

/// <summary>The repository's config file: written once, read whole, never hash-checked.</summary>
internal static class ConfigCases
{
    public static void Add(CaseList c)
    {
        c.Baseline("HEAD-1", "HEAD config of a repository that does not exist answers 404", async (x, ct) =>
            (await x.Http.Head($"{x.NewRepoPath()}config", ct)).Is(404));

        c.Baseline("GET-1", "GET config of a repository that does not exist answers 404", async (x, ct) =>
            (await x.Http.Get($"{x.NewRepoPath()}config", ct)).Is(404));

        c.Baseline("GET-1", "GET config of a new repository answers 404", async (x, ct) =>
            (await x.Http.Get($"{await x.NewRepoAsync(ct)}config", ct)).Is(404));

        c.Baseline("UPLOAD-1", "POST config answers 200 with an empty body", async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            (await x.Http.Post($"{repo}config", Blob.Random(155).Content, ct)).Is(200).HasEmptyBody();
        });

        c.Baseline("HEAD-1", "HEAD config answers 200 with the exact Content-Length and no body", async (x, ct) =>
        {
            var (repo, config) = await WithConfigAsync(x, 155, ct);
            (await x.Http.Head($"{repo}config", ct)).Is(200).HasContentLength(config.Length).HasEmptyBody();
        });

        c.Baseline("GET-1", "GET config answers 200 with the stored bytes", async (x, ct) =>
        {
            var (repo, config) = await WithConfigAsync(x, 155, ct);
            (await x.Http.Get($"{repo}config", ct)).Is(200).HasBody(config);
        });

        c.Baseline("VERIFY-1", "config is never hash-checked: text bytes are stored as sent", async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var config = "not a hash of anything\n"u8.ToArray();
            (await x.Http.Post($"{repo}config", config, ct)).Is(200);
            await x.ExpectContentAsync($"{repo}config", config, ct, "GET config");
        });

        c.Baseline("RANGE-5", "GET config with Range answers 200 with all bytes or 206 with exactly that range", async (x, ct) =>
        {
            var (repo, config) = await WithConfigAsync(x, 100, ct);
            var reply = (await x.Http.GetRange($"{repo}config", "bytes=10-19", ct)).IsOneOf(200, 206);
            if (reply.Status == 200) reply.HasBody(config);
            else reply.HasHeader("Content-Range", "bytes 10-19/100").HasBody(config[10..20]);
        });

        c.Kaya("RANGE-5", "GET config honours Range: 206 with exactly that range", async (x, ct) =>
        {
            var (repo, config) = await WithConfigAsync(x, 100, ct);
            (await x.Http.GetRange($"{repo}config", "bytes=10-19", ct)).Is(206)
                .HasHeader("Content-Range", "bytes 10-19/100").HasContentLength(10).HasBody(config[10..20]);
        });

        c.Baseline("NOOVERWRITE-1", "POST config over an existing config with other bytes answers 403 and keeps the first", async (x, ct) =>
        {
            var (repo, config) = await WithConfigAsync(x, 155, ct);
            (await x.Http.Post($"{repo}config", Blob.Random(170).Content, ct)).Is(403);
            await x.ExpectContentAsync($"{repo}config", config, ct, "config after refused overwrite");
        });

        c.Baseline("NOOVERWRITE-1", "POST config with other bytes of the same length answers 403 and keeps the first", async (x, ct) =>
        {
            var (repo, config) = await WithConfigAsync(x, 155, ct);
            (await x.Http.Post($"{repo}config", Blob.Of(config).Altered(), ct)).Is(403);
            await x.ExpectContentAsync($"{repo}config", config, ct, "config after refused overwrite");
        });

        c.Baseline("NOOVERWRITE-2", "POST config again with the same bytes answers 200 or 403 and changes nothing", async (x, ct) =>
        {
            var (repo, config) = await WithConfigAsync(x, 155, ct);
            (await x.Http.Post($"{repo}config", config, ct)).IsOneOf(200, 403);
            await x.ExpectContentAsync($"{repo}config", config, ct, "config after re-upload");
        });

        c.Kaya("NOOVERWRITE-2", "POST config again with the same bytes answers 200", async (x, ct) =>
        {
            var (repo, config) = await WithConfigAsync(x, 155, ct);
            (await x.Http.Post($"{repo}config", config, ct)).Is(200).HasEmptyBody();
            await x.ExpectContentAsync($"{repo}config", config, ct, "config after re-upload");
        });

        c.Baseline("DELETE-1", "DELETE config answers 200 with an empty body, then HEAD config answers 404", Needs.Deletes, async (x, ct) =>
        {
            var (repo, _) = await WithConfigAsync(x, 155, ct);
            (await x.Http.Delete($"{repo}config", ct)).Is(200).HasEmptyBody();
            await x.ExpectAbsentAsync($"{repo}config", ct, "HEAD config after DELETE");
        });

        c.Baseline("DELETE-1", "DELETE of a missing config answers 200", Needs.Deletes, async (x, ct) =>
            (await x.Http.Delete($"{await x.NewRepoAsync(ct)}config", ct)).Is(200));

        c.Baseline("METHOD-1", "PUT config answers 405 and Allow names HEAD, GET, POST, DELETE", async (x, ct) =>
        {
            var reply = (await x.Http.SendAsync("PUT", $"{await x.NewRepoAsync(ct)}config", ct, body: [1, 2, 3])).Is(405);
            Paths.AllowContains(reply, "HEAD", "GET", "POST", "DELETE");
        });

        c.Kaya("METHOD-1", "PUT config answers 405 with exactly Allow: HEAD, GET, POST, DELETE", async (x, ct) =>
            (await x.Http.SendAsync("PUT", $"{await x.NewRepoAsync(ct)}config", ct, body: [1, 2, 3])).Is(405).HasHeader("Allow", "HEAD, GET, POST, DELETE"));
    }

    private static async Task<(string Repo, byte[] Config)> WithConfigAsync(CaseContext x, int size, CancellationToken ct)
    {
        var repo = await x.NewRepoAsync(ct);
        var config = Blob.Random(size).Content;
        (await x.Http.Post($"{repo}config", config, ct)).Is(200, "setup: POST config");
        return (repo, config);
    }
}
