using System.Globalization;

namespace Kaya.Bench.Sys;

/// <summary>A process's CPU time and peak resident set, read from /proc.</summary>
public readonly record struct ProcStats(double CpuSeconds, long PeakRssKiB)
{
    /// <summary>USER_HZ: 100 on every Linux architecture .NET runs on (getconf CLK_TCK).</summary>
    private const double TicksPerSecond = 100;

    /// <summary>utime+stime from /proc/PID/stat and VmHWM from /proc/PID/status; null once the process is gone.</summary>
    public static ProcStats? Read(int pid)
    {
        try
        {
            return new ProcStats(StatCpuSeconds(File.ReadAllText($"/proc/{pid}/stat"), includeChildren: false), PeakRss(File.ReadAllText($"/proc/{pid}/status")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { return null; }
    }

    /// <summary>CPU so far and peak RSS since start of a server under measurement.</summary>
    /// <exception cref="BenchException">the server exited during the measurement</exception>
    public static ProcStats Of(ServerProcess server) =>
        Read(server.Pid) ?? throw new BenchException($"the server (pid {server.Pid}) exited during the measurement");

    /// <summary>Fields after the command name, which may itself hold spaces and parentheses.</summary>
    public static string[] StatFields(string stat) => stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

    public static double StatCpuSeconds(string stat, bool includeChildren)
    {
        // After "(comm) ": state=0 ppid=1 ... utime=11 stime=12 cutime=13 cstime=14.
        var f = StatFields(stat);
        var ticks = long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
        if (includeChildren) ticks += long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture);
        return ticks / TicksPerSecond;
    }

    private static long PeakRss(string status)
    {
        foreach (var line in status.Split('\n'))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
            return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        return 0;
    }
}
