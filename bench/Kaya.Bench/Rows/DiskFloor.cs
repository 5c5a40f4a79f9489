using Kaya.Bench.Report;
using Kaya.Bench.Sys;

namespace Kaya.Bench.Rows;

/// <summary>
/// The no-server floor for the cold read rows: restic restoring from, and checking, a local repository
/// on the same disk as the servers' (<c>restic -r /path</c>), evicted from the page cache first as the
/// servers' repositories are. No server can read restic's packs off this disk faster than restic itself.
/// </summary>
public static class DiskFloor
{
    /// <returns>median wall seconds over <paramref name="rounds"/> of the cold restore and the cold check --read-data</returns>
    /// <exception cref="ProgramException">a restic step failed; the message has its output</exception>
    public static async Task<(double Restore, double Check)> ColdReadsAsync(BenchContext context, int rounds, CancellationToken ct)
    {
        var restores = new List<double>();
        var checks = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var folder = context.FreshFolder("restic", "no-server");
            try
            {
                var repo = Path.Combine(folder, "repo");
                var env = new Dictionary<string, string>
                {
                    ["RESTIC_REPOSITORY"] = repo,
                    ["RESTIC_PASSWORD"] = "bench",
                    ["RESTIC_CACHE_DIR"] = Path.Combine(folder, "cache"),
                };
                async Task<double> Restic(params string[] args) =>
                    (await Programs.RunAsync("restic", args, env, ct)).EnsureSuccess($"restic {args[0]} in {repo}").Wall.TotalSeconds;
                await Restic("init");
                await Restic("backup", "--quiet", context.Tree);
                PageCache.Evict(repo);
                restores.Add(await Restic("restore", "latest", "--quiet", "--target", Path.Combine(folder, "restore")));
                PageCache.Evict(repo);
                checks.Add(await Restic("check", "--read-data"));
            }
            finally
            {
                BenchContext.Remove(folder);
            }
        }
        return (Summary.Median(restores), Summary.Median(checks));
    }
}
