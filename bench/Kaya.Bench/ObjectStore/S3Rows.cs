using Kaya.Bench.Report;
using Kaya.Bench.Rows;
using Kaya.Bench.Servers;

namespace Kaya.Bench.ObjectStore;

/// <summary>
/// The s3 rows: the disk rows' raw upload, small objects, listing and restic steps, run again with each
/// server's repositories in a bucket on Ceph RGW — Kaya's S3 store against <c>rclone serve restic</c> on an
/// S3 remote. Every server writes under its own fresh prefix; the listing reads the prepared one.
/// </summary>
public static class S3Rows
{
    /// <summary>The servers that can serve from a bucket: Kaya and rclone (rest-server has no object storage).</summary>
    public static IReadOnlyList<ServerKind> Servers(IEnumerable<ServerKind> servers, S3Target store) =>
        servers.Where(s => s.IsKaya || s.Name == "rclone").Select(s => s.OnS3(store)).ToList();

    /// <summary>One round: every row against every server before the next row, servers in the given order; <paramref name="rawOnly"/>: the raw upload alone.</summary>
    public static IEnumerable<(ServerKind Server, Func<Task<IReadOnlyList<Measurement>>> Run)> Round(BenchContext context, IReadOnlyList<ServerKind> order, bool rawOnly, CancellationToken ct)
    {
        foreach (var server in order) yield return (server, async () => [await HttpRows.RawUploadAsync(context, server, ct)]);
        if (rawOnly) yield break;
        foreach (var server in order) yield return (server, async () => [await HttpRows.SmallObjectsAsync(context, server, ct)]);
        foreach (var server in order) yield return (server, async () => [await HttpRows.ListingAsync(context, server, ct)]);
        foreach (var server in order) yield return (server, () => ResticRow.RunAsync(context, server, ct));
    }
}
