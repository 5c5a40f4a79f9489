using Kaya.Bench.Report;
using Kaya.Bench.Servers;
using Kaya.Bench.Sys;

namespace Kaya.Bench.Rows;

/// <summary>
/// Row 5: the real restic client (Debian's 0.14) against each server, no auth: init, first backup of the
/// generated tree, an unchanged second backup, a restore, and a <c>check --read-data</c> (not in the sum).
/// Wall seconds per step, server CPU per step. Before the restore and the check every file of the
/// repository is evicted from the page cache, for every server alike (see <see cref="PageCache"/>).
/// </summary>
public static class ResticRow
{
    public static async Task<IReadOnlyList<Measurement>> RunAsync(BenchContext context, ServerKind server, CancellationToken ct)
    {
        var folder = context.FreshFolder(server.Measures(Row.ResticTotal).Key, server.Name);
        try
        {
            var data = Path.Combine(folder, "data");
            await using var running = await server.StartAsync(data, ServeMode.Open, ct);
            var env = new Dictionary<string, string>
            {
                ["RESTIC_REPOSITORY"] = $"rest:http://127.0.0.1:{running.Port}/repo/",
                ["RESTIC_PASSWORD"] = "bench",
                // A fresh cache per measurement: no server starts with an advantage from an earlier one.
                ["RESTIC_CACHE_DIR"] = Path.Combine(folder, "cache"),
            };
            var steps = new (Row Row, bool Cold, string[] Args)[]
            {
                (Row.ResticInit, false, ["init"]),
                (Row.ResticBackup, false, ["backup", "--quiet", context.Tree]),
                (Row.ResticBackup2, false, ["backup", "--quiet", context.Tree]),
                (Row.ResticRestore, true, ["restore", "latest", "--quiet", "--target", Path.Combine(folder, "restore")]),
                (Row.ResticCheck, true, ["check", "--read-data"]),
            };
            var results = new List<Measurement>();
            foreach (var (row, cold, args) in steps)
            {
                // A bucket's objects are in RGW's memory (memstore): nothing of them is in this machine's page cache.
                if (cold && server.Store is null) PageCache.Evict(data);
                var before = ProcStats.Of(running);
                var result = (await Programs.RunAsync("restic", args, env, ct)).EnsureSuccess($"restic {args[0]} against {server}");
                var after = ProcStats.Of(running);
                results.Add(new Measurement(server.Measures(row), server.Name, result.Wall.TotalSeconds, after.CpuSeconds - before.CpuSeconds, after.PeakRssKiB));
            }
            var sum = results.Where(r => r.Row != server.Measures(Row.ResticCheck)).ToList();
            results.Add(new Measurement(server.Measures(Row.ResticTotal), server.Name, sum.Sum(r => r.Value), sum.Sum(r => r.CpuSeconds), sum[^1].PeakRssKiB));
            return results;
        }
        finally
        {
            BenchContext.Remove(folder);
        }
    }

    /// <summary>
    /// The floor for the restic rows: the same steps into a local repository in /dev/shm, with no
    /// server, no HTTP and no disk. No server can make restic faster than this. Median per step.
    /// </summary>
    public static async Task<IReadOnlyList<(string Step, double Seconds)>> WithoutServerAsync(BenchContext context, int rounds, CancellationToken ct)
    {
        var walls = new Dictionary<string, List<double>>();
        for (var round = 0; round < rounds; round++)
        {
            var repo = Path.Combine("/dev/shm", $"kaya-bench-{Environment.ProcessId}");
            var folder = context.FreshFolder("restic", "local");
            try
            {
                var env = new Dictionary<string, string>
                {
                    ["RESTIC_REPOSITORY"] = repo,
                    ["RESTIC_PASSWORD"] = "bench",
                    ["RESTIC_CACHE_DIR"] = Path.Combine(folder, "cache"),
                };
                var steps = new (string Step, string[] Args)[]
                {
                    ("init", ["init"]),
                    ("first backup", ["backup", "--quiet", context.Tree]),
                    ("unchanged backup", ["backup", "--quiet", context.Tree]),
                    ("restore", ["restore", "latest", "--quiet", "--target", Path.Combine(folder, "restore")]),
                };
                var sum = 0.0;
                foreach (var (step, args) in steps)
                {
                    var wall = (await Programs.RunAsync("restic", args, env, ct)).EnsureSuccess($"restic {args[0]} into {repo}").Wall.TotalSeconds;
                    sum += wall;
                    (walls.TryGetValue(step, out var list) ? list : walls[step] = []).Add(wall);
                }
                (walls.TryGetValue("end to end (sum)", out var sums) ? sums : walls["end to end (sum)"] = []).Add(sum);
            }
            finally
            {
                BenchContext.Remove(folder);
                if (Directory.Exists(repo)) Directory.Delete(repo, recursive: true);
            }
        }
        return walls.Select(w => (w.Key, Median(w.Value))).ToList();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
