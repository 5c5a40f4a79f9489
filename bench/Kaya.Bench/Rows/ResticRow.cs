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
            await using var running = await RunningServer.StartAsync(server, Path.Combine(folder, "data"), ServeMode.Open, ct);
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
                var before = running.Stats();
                var result = (await Programs.RunAsync("restic", args, env, ct)).EnsureSuccess($"restic {args[0]} against {server.Name}");
                var after = running.Stats();
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
}
