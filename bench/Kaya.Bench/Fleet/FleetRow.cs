using System.Diagnostics;
using Kaya.Bench.Data;
using Kaya.Bench.Rows;
using Kaya.Bench.Sys;

namespace Kaya.Bench.Fleet;

/// <summary>
/// The fleet row: N hosts, each a loopback address of a throwaway sshd, each backing up the same small
/// tree into its own fresh repository, through `kaya run --all --parallel P` (one process, one shared
/// server) and through N separate `kaya HOST backup` processes started at once, as N cron lines would.
/// Figures are the backup host's: wall time, summed resident memory of the kaya processes, their CPU.
/// Two sshds serve the addresses (127.0.0.1 on, half each): one sshd listens on at most 16 sockets.
/// </summary>
public sealed class FleetRow : IAsyncDisposable
{
    /// <summary>sshd's MaxStartups: far above N handshakes at once, so sshd's limiter never drops one (OpenSSH's default starts dropping at 10).</summary>
    private const int MaxStartups = 200;

    private readonly Sshd[] _sshds;
    private readonly string _tree;

    private FleetRow(Sshd[] sshds, string tree)
    {
        _sshds = sshds;
        _tree = tree;
    }

    /// <summary>Every host with the sshd that answers on its address.</summary>
    private IEnumerable<(string Host, Sshd Sshd)> Targets => _sshds.SelectMany(s => s.Hosts.Select(h => (h, s)));

    /// <summary>20 hosts (the issue's fleet), or 6 on a quick run so that it stays a sanity check.</summary>
    public int Hosts => _sshds.Sum(s => s.Hosts.Count);

    /// <summary>P = 1, 4 and N (the issue's 1, 4, 20), then the N separate processes; each a name and P (0: separate).</summary>
    public IReadOnlyList<(string Name, int Parallel)> Variants =>
        [.. new[] { 1, 4, Hosts }.Select(p => ($"kaya run --parallel {p}", p)), ($"{Hosts} × kaya HOST backup", 0)];

    /// <summary>
    /// Each host's tree: a few MiB (2 × 1 MiB, 100 × 32 KiB, 100 tiny; quick: a quarter), the same seeded
    /// files for every host: the repositories are separate, so each host's backup does the same work.
    /// </summary>
    private static TreeShape Shape(bool quick) => quick
        ? new TreeShape(1, 1 << 20, 25, 32 << 10, 25)
        : new TreeShape(2, 1 << 20, 100, 32 << 10, 100);

    /// <summary>Null (with the reason in <paramref name="notes"/>) when this kaya has no `kaya run`.</summary>
    public static async Task<FleetRow?> StartAsync(BenchContext context, List<string> notes, CancellationToken ct)
    {
        var help = await Programs.RunAsync(context.KayaBinary, ["run", "--help"], ct: ct);
        if (help.ExitCode != 0 || !help.Stdout.Contains("--parallel", StringComparison.Ordinal))
        {
            notes.Add("fleet row skipped: this kaya has no `kaya run --parallel` yet");
            return null;
        }
        var hosts = context.Settings.Quick ? 6 : 20;
        var tree = DataSets.ResticTree(context.Work, Shape(context.Settings.Quick));
        var first = await Sshd.StartAsync(new SshdOptions { Addresses = hosts / 2, MaxStartups = MaxStartups }, ct);
        try
        {
            var second = await Sshd.StartAsync(new SshdOptions { Addresses = hosts - hosts / 2, FirstAddress = hosts / 2 + 1, MaxStartups = MaxStartups }, ct);
            return new FleetRow([first, second], tree);
        }
        catch
        {
            await first.DisposeAsync();
            throw;
        }
    }

    /// <summary>One variant in a fresh folder: kaya.conf, hosts.d (one file per host), empty backup_root.</summary>
    /// <exception cref="BenchException">a host's backup failed</exception>
    public async Task<FleetMeasurement> RunAsync(BenchContext context, string name, int parallel, CancellationToken ct)
    {
        var folder = context.FreshFolder("fleet", parallel == 0 ? "separate" : $"run-p{parallel}");
        try
        {
            var config = WriteSite(folder);
            var cpuBefore = ReapedChildrenCpuSeconds();
            await using var sampler = new FleetSampler(context.KayaBinary, [.. _sshds.Select(s => s.Pid)]);
            var clock = Stopwatch.StartNew();
            if (parallel > 0)
            {
                var result = await Programs.RunAsync(context.KayaBinary, ["run", "-c", config, "--all", "--parallel", parallel.ToString()], ct: ct);
                result.EnsureSuccess($"kaya run --all --parallel {parallel}");
            }
            else
            {
                var hosts = Targets.Select(t => t.Host).ToList();
                var runs = Targets.Select(t => Programs.RunAsync(context.KayaBinary, ["-c", config, "-u", t.Sshd.User, t.Host, "backup", "--", _tree], ct: ct)).ToList();
                var results = await Task.WhenAll(runs);
                foreach (var (result, host) in results.Zip(hosts)) result.EnsureSuccess($"kaya {host} backup");
            }
            var wall = clock.Elapsed.TotalSeconds;
            var peaks = await sampler.StopAsync();
            var cpu = ReapedChildrenCpuSeconds() - cpuBefore;
            Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}]   fleet {name,-26} {wall,7:0.0} s  CPU {cpu:0.00} s (sampled {peaks.SampledCpuSeconds:0.00})  " +
                $"peak RSS kaya {peaks.KayaRssKiB / 1024.0:0} MiB, +ssh {peaks.AllRssKiB / 1024.0:0} MiB  loadavg {File.ReadAllText("/proc/loadavg").Trim()}");
            return new FleetMeasurement(name, parallel, wall, cpu, peaks.KayaRssKiB, peaks.AllRssKiB, peaks.AllPssKiB, peaks.Processes);
        }
        finally
        {
            BenchContext.Remove(folder);
        }
    }

    private string WriteSite(string folder)
    {
        var hostsDir = Directory.CreateDirectory(Path.Combine(folder, "hosts.d")).FullName;
        // kaya never creates backup_root itself (an unmounted volume must not fill the root file system).
        var backupRoot = Directory.CreateDirectory(Path.Combine(folder, "backups")).FullName;
        // Port and key per host (hosts.d overrides kaya.conf): the hosts sit on two sshds.
        foreach (var (host, sshd) in Targets)
            File.WriteAllText(Path.Combine(hostsDir, host + ".conf"), $"restic_args={_tree}\nuser={sshd.User}\nssh_port={sshd.Port}\nssh_identity={sshd.ClientKey}\n");
        var knownHosts = Path.Combine(folder, "known_hosts");
        File.WriteAllLines(knownHosts, Targets.Select(t => t.Sshd.KnownHostsLineFor(t.Host)));
        var config = Path.Combine(folder, "kaya.conf");
        // stagger=0: measure kaya, not its pacing; retry_backoff=none: a failed host fails the row instead of
        // hiding in a retry (the separate processes do not retry either).
        File.WriteAllText(config, $"""
            backup_root={backupRoot}
            hosts_dir={hostsDir}
            remote_port=0
            ssh_known_hosts={knownHosts}
            stagger=0
            retry_backoff=none
            """ + "\n");
        return config;
    }

    /// <summary>
    /// utime+stime of the generator's children that have exited and been reaped (cutime+cstime of
    /// /proc/self/stat), which the kernel adds up with each child's own reaped children. During a
    /// variant the only children that exit are its kaya processes, so the difference is their CPU and
    /// their ssh clients', to the tick.
    /// </summary>
    private static double ReapedChildrenCpuSeconds()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        return ProcStats.StatCpuSeconds(stat, includeChildren: true) - ProcStats.StatCpuSeconds(stat, includeChildren: false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sshd in _sshds) await sshd.DisposeAsync();
    }
}
