namespace Kaya.Testing;

/// <summary>Process facts read from /proc: who is whose child.</summary>
public static class ProcFs
{
    /// <summary>The parent pid of <paramref name="pid"/>, from /proc/PID/stat (field 4, after the command name in parentheses).</summary>
    /// <exception cref="IOException">the process is gone</exception>
    public static int ParentOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
    }

    /// <summary>True when <paramref name="pid"/> has exited and waits to be reaped (state Z in /proc/PID/stat).</summary>
    /// <exception cref="IOException">the process is gone</exception>
    public static bool IsZombie(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[stat.LastIndexOf(')') + 2] == 'Z';
    }

    /// <summary>The pids whose parent is <paramref name="parent"/> right now.</summary>
    public static IEnumerable<int> ChildrenOf(int parent)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            int ppid;
            try { ppid = ParentOf(pid); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { continue; }
            if (ppid == parent) yield return pid;
        }
    }
}
