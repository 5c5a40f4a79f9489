using System.Collections.Concurrent;

namespace Kaya.Orchestrator.Runs;

/// <summary>
/// The latest restic status of each host's run in this process (from restic's <c>--json</c> status messages), so
/// the daemon's status page and /api/status can show a run in progress. Thread-safe; one entry per host, replaced
/// by every status message and ignored once its run is over (see <see cref="For"/>).
/// </summary>
public sealed class LiveProgress(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, RunProgress> _latest = new(StringComparer.Ordinal);

    /// <summary>An output that passes everything to <paramref name="inner"/> and keeps <paramref name="host"/>'s latest status.</summary>
    public IBackupOutput Tee(string host, IBackupOutput inner) => new Output(this, host, inner);

    /// <summary>
    /// The host's latest status if it came after <paramref name="runStarted"/> (UTC, the run in progress's start):
    /// a status left over from an earlier run is not this run's.
    /// </summary>
    public RunProgress? For(string host, DateTimeOffset runStarted) =>
        _latest.TryGetValue(host, out var p) && p.Updated >= runStarted ? p : null;

    private void Report(string host, ResticProgress status) => _latest[host] = new RunProgress(status, time.GetUtcNow());

    private sealed class Output(LiveProgress board, string host, IBackupOutput inner) : IBackupOutput
    {
        public void Out(string line) => inner.Out(line);

        public void Error(string line) => inner.Error(line);

        public void Progress(ResticProgress progress)
        {
            board.Report(host, progress);
            inner.Progress(progress);
        }
    }
}

/// <summary>restic's latest status for a run in progress and when it arrived (UTC).</summary>
public sealed record RunProgress(ResticProgress Status, DateTimeOffset Updated);
