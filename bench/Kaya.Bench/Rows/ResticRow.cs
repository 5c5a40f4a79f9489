using Kaya.Bench.Report;
using Kaya.Bench.Servers;
using Kaya.Bench.Sys;

namespace Kaya.Bench.Rows;

/// <summary>
/// Row 5: the real restic client (Debian's 0.14) against each server, no auth: init, first backup of the
/// generated tree, an unchanged second backup, and a restore. Wall seconds per step, server CPU per step.
/// </summary>
public static class ResticRow
{
    public static async Task<IReadOnlyList<Measurement>> RunAsync(BenchContext context, ServerKind server, CancellationToken ct)
    {
        var folder = context.FreshFolder("restic", server.Name);
        try
        {
            await using var running = await server.StartAsync(Path.Combine(folder, "data"), ServeMode.Open, ct);
            var env = new Dictionary<string, string>
            {
                ["RESTIC_REPOSITORY"] = $"rest:http://127.0.0.1:{running.Port}/repo/",
                ["RESTIC_PASSWORD"] = "bench",
                // A fresh cache per measurement: no server starts with an advantage from an earlier one.
                ["RESTIC_CACHE_DIR"] = Path.Combine(folder, "cache"),
            };
            var steps = new (Row Row, string[] Args)[]
            {
                (Row.ResticInit, ["init"]),
                (Row.ResticBackup, ["backup", "--quiet", context.Tree]),
                (Row.ResticBackup2, ["backup", "--quiet", context.Tree]),
                (Row.ResticRestore, ["restore", "latest", "--quiet", "--target", Path.Combine(folder, "restore")]),
            };
            var results = new List<Measurement>();
            foreach (var (row, args) in steps)
            {
                var before = ProcStats.Of(running);
                var result = (await Programs.RunAsync("restic", args, env, ct)).EnsureSuccess($"restic {args[0]} against {server.Name}");
                var after = ProcStats.Of(running);
                results.Add(new Measurement(row, server.Name, result.Wall.TotalSeconds, after.CpuSeconds - before.CpuSeconds, after.PeakRssKiB));
            }
            results.Add(new Measurement(Row.ResticTotal, server.Name, results.Sum(r => r.Value), results.Sum(r => r.CpuSeconds), results[^1].PeakRssKiB));
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
