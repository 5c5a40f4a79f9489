namespace Kaya.Conformance.Suites;

/// <summary>--append-only: additions and reads work, deletes do not, except of locks.</summary>
internal static class AppendOnlyCases
{
    public static void Add(CaseList c)
    {
        foreach (var type in Protocol.KeptTypes)
        {
            c.Baseline("APPEND-2", $"append-only: DELETE {type}/ID answers 403 and the object stays", Needs.AppendOnly, async (x, ct) =>
            {
                var blob = Blob.Random(120);
                var repo = await x.RepoWithAsync(type, blob, ct);
                (await x.Http.Delete($"{repo}{type}/{blob.Id}", ct)).Is(403);
                await x.ExpectContentAsync($"{repo}{type}/{blob.Id}", blob.Content, ct, "object after refused DELETE");
            });

            c.Baseline("APPEND-2", $"append-only: DELETE {type}/ID of an object never stored answers 403", Needs.AppendOnly, async (x, ct) =>
                (await x.Http.Delete($"{await x.NewRepoAsync(ct)}{type}/{Blob.RandomId()}", ct)).Is(403));
        }

        c.Baseline("APPEND-1", "append-only: every addition and read works (config, keys, index, data, snapshots, locks)", Needs.AppendOnly, async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            (await x.Http.Post($"{repo}config", Blob.Random(10).Content, ct)).Is(200, "POST config");
            foreach (var type in Protocol.Types)
            {
                var blob = Blob.Random(70);
                (await x.Http.Post($"{repo}{type}/{blob.Id}", blob.Content, ct)).Is(200, $"POST {type}");
                (await x.Http.Get($"{repo}{type}/{blob.Id}", ct)).Is(200, $"GET {type}").HasBody(blob.Content);
                (await x.Http.List(repo, type, ct)).Is(200, $"list {type}");
            }
        });

        c.Baseline("APPEND-3", "append-only: DELETE locks/ID answers 200 and the lock is gone", Needs.AppendOnly, async (x, ct) =>
        {
            var blob = Blob.Random(120);
            var repo = await x.RepoWithAsync("locks", blob, ct);
            (await x.Http.Delete($"{repo}locks/{blob.Id}", ct)).Is(200);
            await x.ExpectAbsentAsync($"{repo}locks/{blob.Id}", ct, "HEAD after DELETE");
        });

        c.Baseline("APPEND-2", "append-only: DELETE config answers 403 and the config stays", Needs.AppendOnly, async (x, ct) =>
        {
            var (repo, config) = await ConfigAsync(x, ct);
            (await x.Http.Delete($"{repo}config", ct)).Is(403);
            await x.ExpectContentAsync($"{repo}config", config, ct, "config after refused DELETE");
        });

        c.Baseline("APPEND-2", "append-only: DELETE of a missing config answers 403", Needs.AppendOnly, async (x, ct) =>
            (await x.Http.Delete($"{await x.NewRepoAsync(ct)}config", ct)).Is(403));
    }

    private static async Task<(string Repo, byte[] Config)> ConfigAsync(CaseContext x, CancellationToken ct)
    {
        var repo = await x.NewRepoAsync(ct);
        var config = Blob.Random(155).Content;
        (await x.Http.Post($"{repo}config", config, ct)).Is(200, "setup: POST config");
        return (repo, config);
    }
}
