using System.Security.Cryptography;

namespace Kaya.Conformance.Suites;

/// <summary>Range reads on objects: restic sends a Range on every GET and trusts Content-Length.</summary>
internal static class RangeCases
{
    private const int Size = 100;

    public static void Add(CaseList c)
    {
        c.Baseline("RANGE-1", "Range bytes=1-3 answers 206, Content-Range bytes 1-3/100, Content-Length 3, those bytes", async (x, ct) =>
        {
            var (path, blob) = await StoredAsync(x, ct);
            (await x.Http.GetRange(path, "bytes=1-3", ct)).Is(206)
                .HasHeader("Content-Range", "bytes 1-3/100").HasContentLength(3).HasBody(blob.Content[1..4]);
        });

        c.Baseline("RANGE-1", "Range bytes=40- answers 206 with the tail from offset 40", async (x, ct) =>
        {
            var (path, blob) = await StoredAsync(x, ct);
            (await x.Http.GetRange(path, "bytes=40-", ct)).Is(206)
                .HasHeader("Content-Range", "bytes 40-99/100").HasContentLength(60).HasBody(blob.Content[40..]);
        });

        c.Baseline("RANGE-1", "Range bytes=0- (restic's whole-file read) answers 200 or 206 with every byte", async (x, ct) =>
        {
            var (path, blob) = await StoredAsync(x, ct);
            var reply = (await x.Http.GetRange(path, "bytes=0-", ct)).IsOneOf(200, 206).HasContentLength(Size).HasBody(blob.Content);
            if (reply.Status == 206) reply.HasHeader("Content-Range", "bytes 0-99/100");
        });

        c.Baseline("RANGE-1", "Range bytes=99-99 (the last byte) answers 206 with one byte", async (x, ct) =>
        {
            var (path, blob) = await StoredAsync(x, ct);
            (await x.Http.GetRange(path, "bytes=99-99", ct)).Is(206)
                .HasHeader("Content-Range", "bytes 99-99/100").HasContentLength(1).HasBody(blob.Content[99..]);
        });

        c.Baseline("RANGE-1", "30 ranged reads at random offsets of a 256 KiB object return exactly the bytes asked for", async (x, ct) =>
        {
            var blob = Blob.Random(256 * 1024);
            var repo = await x.RepoWithAsync("data", blob, ct);
            for (var i = 0; i < 30; i++)
            {
                var offset = RandomNumberGenerator.GetInt32(blob.Content.Length);
                var length = RandomNumberGenerator.GetInt32(1, blob.Content.Length - offset + 1);
                var range = $"bytes={offset}-{offset + length - 1}";
                (await x.Http.GetRange($"{repo}data/{blob.Id}", range, ct)).Is(206, range).HasContentLength(length).HasBody(blob.Content[offset..(offset + length)]);
            }
        });

        c.Baseline("RANGE-2", "Range bytes=90-200 (end past the end) answers 206 clipped: bytes 90-99/100, Content-Length 10", async (x, ct) =>
        {
            var (path, blob) = await StoredAsync(x, ct);
            (await x.Http.GetRange(path, "bytes=90-200", ct)).Is(206)
                .HasHeader("Content-Range", "bytes 90-99/100").HasContentLength(10).HasBody(blob.Content[90..]);
        });

        c.Baseline("RANGE-2", "Range bytes=-10 (suffix) answers 206 with the last 10 bytes", async (x, ct) =>
        {
            var (path, blob) = await StoredAsync(x, ct);
            (await x.Http.GetRange(path, "bytes=-10", ct)).Is(206)
                .HasHeader("Content-Range", "bytes 90-99/100").HasContentLength(10).HasBody(blob.Content[90..]);
        });

        c.Baseline("RANGE-3", "Range bytes=100- (start at the size) answers 416", async (x, ct) =>
        {
            var (path, _) = await StoredAsync(x, ct);
            (await x.Http.GetRange(path, "bytes=100-", ct)).Is(416);
        });

        c.Baseline("RANGE-3", "Range bytes=150-200 (start past the end) answers 416", async (x, ct) =>
        {
            var (path, _) = await StoredAsync(x, ct);
            (await x.Http.GetRange(path, "bytes=150-200", ct)).Is(416);
        });

        c.Baseline("RANGE-3", "Range bytes=0- of an empty object answers 416", async (x, ct) =>
        {
            var empty = Blob.Of([]);
            var repo = await x.RepoWithAsync("data", empty, ct);
            (await x.Http.GetRange($"{repo}data/{empty.Id}", "bytes=0-", ct)).Is(416);
        });

        c.Kaya("RANGE-3", "416 carries Content-Range: bytes */100 and the body \"Requested Range Not Satisfiable\\n\"", async (x, ct) =>
        {
            var (path, _) = await StoredAsync(x, ct);
            (await x.Http.GetRange(path, "bytes=150-200", ct)).Is(416).HasHeader("Content-Range", "bytes */100")
                .HasHeader("Content-Type", "text/plain; charset=utf-8").HasBody("Requested Range Not Satisfiable\n");
        });

        c.Baseline("RANGE-4", "a malformed Range (bytes=5-2) answers 416", async (x, ct) =>
        {
            var (path, _) = await StoredAsync(x, ct);
            (await x.Http.GetRange(path, "bytes=5-2", ct)).Is(416);
        });

        c.Baseline("RANGE-4", "several ranges answer 200 with the whole object or 206 multipart/byteranges", async (x, ct) =>
        {
            var (path, blob) = await StoredAsync(x, ct);
            var reply = (await x.Http.GetRange(path, "bytes=0-1,4-5", ct)).IsOneOf(200, 206);
            if (reply.Status == 200) reply.HasBody(blob.Content);
            else if (reply.Header("Content-Type")?.StartsWith("multipart/byteranges", StringComparison.Ordinal) != true)
                Reply.Fail($"206 with Content-Type {reply.Header("Content-Type") ?? "absent"}, want multipart/byteranges");
        });

        c.Kaya("RANGE-4", "several ranges answer 200 with the whole object", async (x, ct) =>
        {
            var (path, blob) = await StoredAsync(x, ct);
            (await x.Http.GetRange(path, "bytes=0-1,4-5", ct)).Is(200).HasContentLength(Size).HasBody(blob.Content);
        });

        c.Baseline("RANGE-1", "a ranged read of a key object works like one of data", async (x, ct) =>
        {
            var blob = Blob.Random(Size);
            var repo = await x.RepoWithAsync("keys", blob, ct);
            (await x.Http.GetRange($"{repo}keys/{blob.Id}", "bytes=10-29", ct)).Is(206)
                .HasHeader("Content-Range", "bytes 10-29/100").HasContentLength(20).HasBody(blob.Content[10..30]);
        });
    }

    private static async Task<(string Path, Blob Blob)> StoredAsync(CaseContext x, CancellationToken ct)
    {
        var blob = Blob.Random(Size);
        var repo = await x.RepoWithAsync("data", blob, ct);
        return ($"{repo}data/{blob.Id}", blob);
    }
}
