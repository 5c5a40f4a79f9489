namespace Kaya.Bench.Sys;

/// <summary>
/// Polls /proc every 50 ms for a process tree's members that match a filter and keeps, per pid, the last
/// CPU time seen, plus the highest VmHWM. Used where processes come and go during the measurement (the
/// target's per-connection sshd processes): their CPU cannot be read after they exit, and the
/// listener's cutime would also count restic, which runs below them. Misses at most one interval per process.
/// </summary>
public sealed class ProcessSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private readonly int _root;
    private readonly Func<string, bool> _commFilter;
    private readonly Dictionary<int, double> _cpu = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peakRss;

    /// <param name="root">the tree's root pid (included when it matches)</param>
    /// <param name="commFilter">which members count, by /proc/PID/comm</param>
    public ProcessSampler(int root, Func<string, bool> commFilter)
    {
        _root = root;
        _commFilter = commFilter;
        Sample();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Stops sampling after one last sample; returns the summed CPU of all members seen and the highest VmHWM.</summary>
    public async Task<ProcStats> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        Sample();
        return new ProcStats(_cpu.Values.Sum(), _peakRss);
    }

    /// <summary>The members' summed CPU seconds at the first sample: what was spent before the measurement, to subtract.</summary>
    public double CpuAtStart { get; private set; } = -1;

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try { while (await timer.WaitForNextTickAsync(_stop.Token)) Sample(); }
        catch (OperationCanceledException) { }
    }

    private void Sample()
    {
        var parents = new Dictionary<int, int>();
        var comms = new Dictionary<int, string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                parents[pid] = int.Parse(ProcStats.StatFields(stat)[1]);
                comms[pid] = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { }
        }
        foreach (var (pid, comm) in comms)
        {
            if (!_commFilter(comm) || !InTree(pid, parents)) continue;
            if (ProcStats.Read(pid) is not { } stats) continue;
            _cpu[pid] = stats.CpuSeconds;
            _peakRss = Math.Max(_peakRss, stats.PeakRssKiB);
        }
        if (CpuAtStart < 0) CpuAtStart = _cpu.Values.Sum();
    }

    private bool InTree(int pid, Dictionary<int, int> parents)
    {
        for (var hops = 0; hops < 64 && pid > 1; hops++)
        {
            if (pid == _root) return true;
            if (!parents.TryGetValue(pid, out pid)) return false;
        }
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _stop.Dispose();
    }
}
