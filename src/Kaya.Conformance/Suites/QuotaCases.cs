namespace Kaya.Conformance.Suites;

/// <summary>
/// --max-size: one byte limit over everything stored. These cases run first, while the server holds
/// little besides what they store themselves.
/// </summary>
internal static class QuotaCases
{
    // Filling 60 % of the quota twice is only sensible for a small test quota; above this the cases
    // that fill it are left out rather than upload gigabytes.
    private const long FillableQuota = 64L << 20;

    public static void Add(CaseList c)
    {
        c.Baseline("QUOTA-1", "an upload announcing more than --max-size answers 507 and stores nothing", Needs.Quota, async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var id = Blob.RandomId();
            var reply = await x.Raw.LargePostAsync($"{repo}data/{id}", x.Options.Quota!.Value + 1, ct);
            if (reply is null) Reply.Fail("connection closed without an answer, want 507");
            reply!.Is(507);
            await x.ExpectAbsentAsync($"{repo}data/{id}", ct, "HEAD after the refused upload");
        });

        c.Baseline("QUOTA-1", "a small upload within --max-size answers 200", Needs.Quota, async (x, ct) =>
        {
            var blob = Blob.Random(1000);
            (await x.Http.Post($"{await x.NewRepoAsync(ct)}data/{blob.Id}", blob.Content, ct)).Is(200);
        });

        c.Add(new Case("QUOTA-1", "the limit is cumulative: two uploads of 60 % of --max-size, the second answers 507", Needs.Quota, false, async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var size = (int)(x.Options.Quota!.Value * 6 / 10);
            var first = Blob.Random(size);
            (await x.Http.Post($"{repo}data/{first.Id}", first.Content, ct)).Is(200, "first upload (needs 60 % of the quota free)");
            var second = Blob.Random(size);
            (await x.Http.Post($"{repo}data/{second.Id}", second.Content, ct)).Is(507, "second upload");
            await x.ExpectAbsentAsync($"{repo}data/{second.Id}", ct, "HEAD of the refused upload");
            if (!x.Options.AppendOnly) (await x.Http.Delete($"{repo}data/{first.Id}", ct)).Is(200, "cleanup: DELETE the first");
        })
        { When = o => o.Quota <= FillableQuota });

        c.Add(new Case("QUOTA-1", "deleting frees quota: after DELETE of a 60 % upload another 60 % upload answers 200", Needs.Quota | Needs.Deletes, false, async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var size = (int)(x.Options.Quota!.Value * 6 / 10);
            var first = Blob.Random(size);
            (await x.Http.Post($"{repo}data/{first.Id}", first.Content, ct)).Is(200, "first upload (needs 60 % of the quota free)");
            (await x.Http.Delete($"{repo}data/{first.Id}", ct)).Is(200, "DELETE the first");
            var second = Blob.Random(size);
            (await x.Http.Post($"{repo}data/{second.Id}", second.Content, ct)).Is(200, "second upload");
            (await x.Http.Delete($"{repo}data/{second.Id}", ct)).Is(200, "cleanup: DELETE the second");
        })
        { When = o => o.Quota <= FillableQuota });

        c.Baseline("QUOTA-1", "a chunked upload (no Content-Length) past --max-size is refused (500 or 507) and stores nothing", Needs.Quota, async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var id = Blob.RandomId();
            var reply = await x.Raw.LargePostAsync($"{repo}data/{id}", x.Options.Quota!.Value + 1, ct, chunked: true);
            reply?.IsOneOf(500, 507);
            await x.ExpectAbsentAsync($"{repo}data/{id}", ct, "HEAD after the refused upload");
        });

        c.Kaya("QUOTA-1", "a chunked upload past --max-size answers 507 and leaves nothing in the listing", Needs.Quota, async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var reply = await x.Raw.LargePostAsync($"{repo}data/{Blob.RandomId()}", x.Options.Quota!.Value + 1, ct, chunked: true);
            if (reply is null) Reply.Fail("connection closed without an answer, want 507");
            reply!.Is(507);
            (await x.Http.List(repo, "data", ct)).Is(200).HasBody("[]");
        });

        c.Add(new Case("QUOTA-1", "a refused upload gives its room back: after a wrong-hash and a cut-off 60 % upload a 60 % upload answers 200", Needs.Quota, false, async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var size = (int)(x.Options.Quota!.Value * 6 / 10);
            var blob = Blob.Random(size);
            (await x.Http.Post($"{repo}data/{Blob.RandomId()}", blob.Content, ct)).Is(400, "wrong-hash upload");
            var cut = await x.Raw.TruncatedPostAsync($"{repo}data/{blob.Id}", blob.Content[..(size / 2)], size, ct);
            var reply = await x.Http.Post($"{repo}data/{blob.Id}", blob.Content, ct);
            // A server that drops the connection instead of answering cannot tell when it has cleaned up,
            // so then the room only has to come back soon (2 s); after an answer it must be back already.
            for (var i = 0; cut is null && reply.Status == 507 && i < 20; i++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), x.Options.Time, ct);
                reply = await x.Http.Post($"{repo}data/{blob.Id}", blob.Content, ct);
            }
            reply.Is(200, "complete upload");
            if (!x.Options.AppendOnly) (await x.Http.Delete($"{repo}data/{blob.Id}", ct)).Is(200, "cleanup: DELETE");
        })
        { When = o => o.Quota <= FillableQuota });

        c.Add(new Case("NOOVERWRITE-2", "an identical re-upload answers 200 even when the quota has no room for a second copy", Needs.Quota, true, async (x, ct) =>
        {
            // A retry after a lost answer stores nothing new, so the quota has nothing to refuse.
            var repo = await x.NewRepoAsync(ct);
            var blob = Blob.Random((int)(x.Options.Quota!.Value * 6 / 10));
            (await x.Http.Post($"{repo}data/{blob.Id}", blob.Content, ct)).Is(200, "first upload (needs 60 % of the quota free)");
            (await x.Http.Post($"{repo}data/{blob.Id}", blob.Content, ct)).Is(200, "identical re-upload");
            await x.ExpectContentAsync($"{repo}data/{blob.Id}", blob.Content, ct, "GET after the re-upload");
            if (!x.Options.AppendOnly) (await x.Http.Delete($"{repo}data/{blob.Id}", ct)).Is(200, "cleanup: DELETE");
        })
        { When = o => o.Quota <= FillableQuota });

        c.Kaya("QUOTA-2", "config counts toward the quota: a config larger than --max-size answers 507 and none is stored", Needs.Quota, async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            var reply = await x.Raw.LargePostAsync($"{repo}config", x.Options.Quota!.Value + 1, ct);
            if (reply is null) Reply.Fail("connection closed without an answer, want 507");
            reply!.Is(507);
            await x.ExpectAbsentAsync($"{repo}config", ct, "HEAD config after the refused upload");
        });

        c.Kaya("QUOTA-2", "a refused over-quota upload leaves nothing in the listing", Needs.Quota, async (x, ct) =>
        {
            var repo = await x.NewRepoAsync(ct);
            (await x.Raw.LargePostAsync($"{repo}data/{Blob.RandomId()}", x.Options.Quota!.Value + 1, ct))?.Is(507);
            (await x.Http.List(repo, "data", ct)).Is(200).HasBody("[]");
        });
    }
}
