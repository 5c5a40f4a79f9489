using System.Diagnostics;
using Kaya.Bench.Report;
using Kaya.Bench.Servers;
using Kaya.Bench.Sys;

namespace Kaya.Bench.Rows;

/// <summary>The frame every server row shares: fresh folder, fresh server, setup, timed work, CPU and RSS, clean up.</summary>
public static class Measured
{
    /// <param name="setup">untimed preparation against the running server (create the repository, seed a blob)</param>
    /// <param name="work">the timed part; returns the figure from its elapsed time</param>
    public static async Task<Measurement> RunAsync(BenchContext context, Row row, ServerKind server, ServeMode mode,
        Func<ServerProcess, CancellationToken, Task> setup, Func<ServerProcess, CancellationToken, Task<Func<TimeSpan, double>>> work,
        CancellationToken ct, string? dataPath = null)
    {
        row = server.Measures(row);
        var folder = context.FreshFolder(row.Key, server.Name);
        try
        {
            await using var running = await server.StartAsync(dataPath ?? Path.Combine(folder, "data"), mode, ct);
            await setup(running, ct);
            var before = ProcStats.Of(running);
            var clock = Stopwatch.StartNew();
            var figure = await work(running, ct);
            var elapsed = clock.Elapsed;
            var after = ProcStats.Of(running);
            return new Measurement(row, server.Name, figure(elapsed), after.CpuSeconds - before.CpuSeconds, after.PeakRssKiB);
        }
        finally
        {
            BenchContext.Remove(folder);
        }
    }

    public static Task NoSetup(ServerProcess _, CancellationToken __) => Task.CompletedTask;
}
