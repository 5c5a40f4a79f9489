using Kaya.Bench.Sys;

namespace Kaya.Bench.Fleet;

/// <summary>
/// Polls /proc every 50 ms for the generator's descendants that run the kaya binary or ssh (the target's sshd subtree
/// left out) and keeps the highest sum of their resident sets at one instant: what the backup host holds
/// at once, which a per-process VmHWM cannot say. Matching by name after exec leaves out a child between
/// fork and exec, which still shows its parent's memory.
/// </summary>
public sealed class FleetSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private readonly int _root = Environment.ProcessId;
    private readonly HashSet<int> _excluded;
    private readonly string _kayaComm;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Dictionary<int, double> _cpu = [];
    private long _peakKayaRss, _peakAllRss, _peakAllPss;
    private int _peakProcesses;

    /// <param name="kayaBinary">the kaya executable: its file name is the processes' comm (the first 15 bytes, TASK_COMM_LEN)</param>
    /// <param name="excluded">the targets' sshds: their sessions and restic run on the targets in a real fleet</param>
    public FleetSampler(string kayaBinary, IEnumerable<int> excluded)
    {
        var name = Path.GetFileName(kayaBinary);
        _kayaComm = name.Length > 15 ? name[..15] : name;
        _excluded = [.. excluded];
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Stops after one last sample.</summary>
    /// <returns>peaks of the summed VmRSS (kaya only; kaya and ssh), summed PSS, process count; and the CPU seconds last seen per process, summed (a cross-check: misses up to 50 ms per process)</returns>
    public async Task<(long KayaRssKiB, long AllRssKiB, long AllPssKiB, int Processes, double SampledCpuSeconds)> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        Sample();
        return (_peakKayaRss, _peakAllRss, _peakAllPss, _peakProcesses, _cpu.Values.Sum());
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        Sample();
        try { while (await timer.WaitForNextTickAsync(_stop.Token)) Sample(); }
        catch (OperationCanceledException) { }
    }

    private void Sample()
    {
        var parents = new Dictionary<int, int>();
        var members = new List<(int Pid, string Comm)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                parents[pid] = int.Parse(ProcStats.StatFields(stat)[1]);
                var comm = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                if (comm == _kayaComm || comm == "ssh") members.Add((pid, comm));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { }
        }
        long kayaRss = 0, allRss = 0, allPss = 0;
        var count = 0;
        foreach (var (pid, comm) in members)
        {
            if (!Descends(pid, parents)) continue;
            try
            {
                var rss = KiB(File.ReadAllText($"/proc/{pid}/status"), "VmRSS:");
                var pss = KiB(File.ReadAllText($"/proc/{pid}/smaps_rollup"), "Pss:");
                if (ProcStats.Read(pid) is { } stats) _cpu[pid] = stats.CpuSeconds;
                if (comm == _kayaComm) kayaRss += rss;
                allRss += rss;
                allPss += pss;
                count++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { }
        }
        _peakKayaRss = Math.Max(_peakKayaRss, kayaRss);
        _peakAllRss = Math.Max(_peakAllRss, allRss);
        _peakAllPss = Math.Max(_peakAllPss, allPss);
        _peakProcesses = Math.Max(_peakProcesses, count);
    }

    /// <summary>Below the generator, and not below a target's sshd.</summary>
    private bool Descends(int pid, Dictionary<int, int> parents)
    {
        for (var hops = 0; hops < 64 && pid > 1; hops++)
        {
            if (_excluded.Contains(pid)) return false;
            if (pid == _root) return true;
            if (!parents.TryGetValue(pid, out pid)) return false;
        }
        return false;
    }

    /// <summary>The "kB" figure of a "Key:   N kB" line; 0 when the line is missing (a process that is exiting).</summary>
    private static long KiB(string text, string key)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
                return long.Parse(line[key.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _stop.Dispose();
    }
}
