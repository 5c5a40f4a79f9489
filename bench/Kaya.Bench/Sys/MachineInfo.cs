using Kaya.Bench.Servers;

namespace Kaya.Bench.Sys;

/// <summary>The facts a result file needs to be comparable: machine, kernel, file system, program versions.</summary>
public static class MachineInfo
{
    public static async Task<IReadOnlyList<(string, string)>> CollectAsync(string work, string kaya, IReadOnlyList<ServerKind> servers, CancellationToken ct)
    {
        var info = new List<(string, string)>
        {
            ("nproc", Environment.ProcessorCount.ToString()),
            ("memory", MemTotal()),
            ("cpu", FirstLine("/proc/cpuinfo", "model name")),
            ("kernel", File.ReadAllText("/proc/sys/kernel/osrelease").Trim()),
            // A shared or busy machine makes every figure noisy: say how busy it was when the run began.
            ("load average at start (1, 5, 15 min)", string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))),
            ("file system of bench/work", (await TryAsync("stat", ["-f", "-c", "%T", work], ct)).Trim()),
            (".NET", Environment.Version.ToString()),
            ("kaya", await TryAsync(kaya, ["--version"], ct)),
            ("restic", await TryAsync("restic", ["version"], ct)),
            ("OpenSSH", await TryAsync("ssh", ["-V"], ct)),
        };
        // rclone answers `version`; rest-server 0.14 only `--version` (to `version` it prints its usage).
        foreach (var server in servers.Where(s => !s.IsKaya))
            info.Add((server.Name, await TryAsync(server.Binary, [server.Name == "rclone" ? "version" : "--version"], ct)));
        info.Add(("Ceph RGW (s3 rows)", await TryAsync("radosgw", ["--version"], ct)));
        return info;
    }

    private static string MemTotal()
    {
        var kib = FirstLine("/proc/meminfo", "MemTotal").Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return long.TryParse(kib, out var k) ? $"{k / 1024.0 / 1024.0:0.0} GiB" : kib;
    }

    private static string FirstLine(string file, string key)
    {
        var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal)) ?? "";
        return line.Contains(':') ? line[(line.IndexOf(':') + 1)..].Trim() : "?";
    }

    /// <summary>The first line a program prints about itself (ssh -V writes to stderr).</summary>
    private static async Task<string> TryAsync(string file, string[] args, CancellationToken ct)
    {
        try
        {
            var result = await Programs.RunAsync(file, args, ct: ct);
            var text = result.Stdout.Trim().Length > 0 ? result.Stdout : result.Stderr;
            return text.Split('\n')[0].Trim();
        }
        catch (System.ComponentModel.Win32Exception) { return "not found"; }
    }
}
