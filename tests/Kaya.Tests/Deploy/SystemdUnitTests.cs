using System.Globalization;
using System.Text.RegularExpressions;

namespace Kaya.Tests.Deploy;

/// <summary>
/// contrib/systemd checked by systemd itself, offline (no systemd needed as PID 1): each unit is copied
/// into a temporary root that holds the built kaya binary at ExecStart's path, every other command the
/// unit names, the distribution's own units (verify resolves sysinit.target and friends inside --root)
/// and passwd/group entries for root and kaya. Needs systemd-analyze (Debian package systemd; .ci/run
/// installs it).
/// </summary>
public sealed partial class SystemdUnitTests
{
    private static readonly string ContribDir = Path.Combine(RepositoryRoot(), "contrib", "systemd");

    // Instances stand in for template units; verify and security need a concrete name. Each unit as
    // installed, and with run-as-kaya.conf in place after the README's migration.
    public static TheoryData<string, bool> Units()
    {
        var data = new TheoryData<string, bool>();
        foreach (var asKaya in new[] { false, true })
            foreach (var unit in new[] { "kaya-serve.service", "kaya-backup@www1.example.com.service", "kaya-backup@www1.example.com.timer", "kaya.service", "kaya-run.service", "kaya-run.timer" })
                data.Add(unit, asKaya);
        return data;
    }

    [Theory]
    [MemberData(nameof(Units))]
    public async Task Each_unit_passes_systemd_analyze_verify_without_a_warning(string unit, bool asKaya)
    {
        using var root = UnitRoot.Create(asKaya);

        var (code, output) = await RunAsync("systemd-analyze", "verify", "--root=" + root.Path, unit);

        // verify exits 0 on unknown keys and bad values; they only show as lines of output.
        Assert.True(code == 0 && output.Length == 0, $"systemd-analyze verify {unit}{(asKaya ? " as kaya" : "")} exited {code}:\n{output}");
    }

    [Fact]
    public async Task Verify_fails_when_the_binary_is_not_at_the_ExecStart_path()
    {
        using var root = UnitRoot.Create(withKayaDropIns: false);
        File.Delete(Path.Combine(root.Path, "usr/local/bin/kaya"));

        var (code, output) = await RunAsync("systemd-analyze", "verify", "--root=" + root.Path, "kaya-serve.service");

        Assert.NotEqual(0, code);
        Assert.Contains("/usr/local/bin/kaya is not executable", output);
    }

    // Limits from issue 11: the server needs only its folder and sockets; the backup units need the
    // network and an SSH key. Backup units are rated as installed (root) and after the migration.
    [Theory]
    [InlineData("kaya-serve.service", false, 3.0)]
    [InlineData("kaya-backup@www1.example.com.service", false, 5.0)]
    [InlineData("kaya-backup@www1.example.com.service", true, 5.0)]
    [InlineData("kaya.service", false, 5.0)]
    [InlineData("kaya.service", true, 5.0)]
    [InlineData("kaya-run.service", false, 5.0)]
    [InlineData("kaya-run.service", true, 5.0)]
    public async Task Exposure_rating_of_each_service_stays_within_its_limit(string unit, bool asKaya, double limit)
    {
        using var root = UnitRoot.Create(asKaya);

        var (code, output) = await RunAsync("systemd-analyze", "security", "--offline=true", "--root=" + root.Path, unit);

        Assert.True(code == 0, $"systemd-analyze security {unit} exited {code}:\n{output}");
        var match = OverallExposure().Match(output);
        Assert.True(match.Success, $"no overall exposure line for {unit}:\n{output}");
        var exposure = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(exposure <= limit, $"{unit}{(asKaya ? " as kaya" : "")} is rated {exposure}, above {limit}:\n{output}");
    }

    [Fact]
    public void The_server_runs_as_kaya_in_a_folder_systemd_creates()
    {
        var unit = Read("kaya-serve.service");

        Assert.Contains("User=kaya", unit);
        // kaya serve's --path must be the StateDirectory, or a missing folder fails with 226/NAMESPACE.
        Assert.Contains("--path /var/lib/kaya/serve ", unit);
        Assert.Contains("StateDirectory=kaya/serve", unit);
        Assert.DoesNotContain("ReadWritePaths=", unit);
    }

    [Theory]
    [InlineData("kaya-serve.service")]
    [InlineData("kaya.service")]
    public void A_restarting_service_stops_on_usage_and_configuration_errors(string name)
    {
        var unit = Read(name);

        Assert.Contains("Restart=on-failure", unit);
        // Exit codes from the README's table: 2 usage, 20 configuration (e.g. no .htpasswd).
        var prevent = Values(unit, "RestartPreventExitStatus").SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Superset(new HashSet<string> { "2", "20" }, prevent.ToHashSet());
    }

    [Theory]
    [InlineData("kaya-backup@.service")]
    [InlineData("kaya.service")]
    [InlineData("kaya-run.service")]
    public void Backup_units_need_the_example_backup_root_mounted_and_stay_root_until_migrated(string name)
    {
        var unit = Read(name);
        var backupRoot = ExampleBackupRoot();

        Assert.Equal([backupRoot], Values(unit, "RequiresMountsFor"));
        Assert.Equal(["-" + backupRoot], Values(unit, "ReadWritePaths"));
        Assert.Empty(Values(unit, "User"));
        Assert.Equal("mixed", Assert.Single(Values(unit, "KillMode")));
        Assert.DoesNotContain("/etc/kaya/hosts/", unit);
    }

    [Fact]
    public void The_per_host_unit_takes_its_restic_arguments_from_hosts_d()
    {
        var exec = Assert.Single(Values(Read("kaya-backup@.service"), "ExecStart"));

        Assert.Equal("/usr/local/bin/kaya -c /etc/kaya.conf %i backup", exec);
        Assert.Empty(Values(Read("kaya-backup@.service"), "EnvironmentFile"));
    }

    [Fact]
    public async Task The_daemon_gets_longer_than_shutdown_timeout_to_stop()
    {
        var unit = Read("kaya.service");
        Assert.Equal("notify", Assert.Single(Values(unit, "Type")));
        var timeout = Assert.Single(Values(unit, "TimeoutStopSec"));

        var (code, output) = await RunAsync("systemd-analyze", "timespan", timeout);

        Assert.Equal(0, code);
        var micros = long.Parse(Regex.Match(output, @"μs: (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        // shutdown_timeout's default is 5 min (fleet issue); interrupted runs then need time to end cleanly.
        Assert.True(micros >= TimeSpan.FromMinutes(6).Ticks / 10, $"TimeoutStopSec={timeout} is not above 5 min plus a grace");
    }

    [GeneratedRegex(@"Overall exposure level for \S+: (\d+\.\d+)")]
    private static partial Regex OverallExposure();

    private static string Read(string name) => File.ReadAllText(Path.Combine(ContribDir, name));

    /// <summary>Every value of KEY= in a unit file, in order, comments skipped.</summary>
    private static List<string> Values(string unit, string key) =>
        unit.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith(key + "=", StringComparison.Ordinal)).Select(l => l[(key.Length + 1)..]).ToList();

    private static string ExampleBackupRoot()
    {
        var line = File.ReadLines(Path.Combine(RepositoryRoot(), "kaya.conf.example")).Single(l => l.StartsWith("backup_root=", StringComparison.Ordinal));
        return line["backup_root=".Length..].TrimEnd('/');
    }

    private static string RepositoryRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Kaya.sln"))) dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("Kaya.sln not found above " + AppContext.BaseDirectory);
        return dir;
    }

    /// <summary>Runs a program to completion; stdout and stderr together, as a sysadmin would see them.</summary>
    private static async Task<(int Code, string Output)> RunAsync(string program, params string[] args)
    {
        // Plain output: no pager, no colours, English messages.
        var env = new Dictionary<string, string> { ["SYSTEMD_PAGER"] = "", ["SYSTEMD_COLORS"] = "0", ["LC_ALL"] = "C.UTF-8", ["SYSTEMD_LOG_LEVEL"] = "info" };
        ProgramResult result;
        try
        {
            result = await Programs.RunAsync(program, args, env, timeout: TimeSpan.FromSeconds(60));
        }
        catch (ProgramException e)
        {
            throw new InvalidOperationException($"{program} cannot be run ({e.Message}): apt-get install -y systemd (.ci/run does)", e);
        }
        return (result.ExitCode, (result.Stdout + result.Stderr).Trim());
    }

    /// <summary>A throwaway root for <c>systemd-analyze --root</c>.</summary>
    private sealed class UnitRoot : IDisposable
    {
        private readonly TempFolder _folder;

        private UnitRoot(TempFolder folder) => _folder = folder;

        public string Path => _folder.Path;

        public static UnitRoot Create(bool withKayaDropIns)
        {
            var root = new UnitRoot(new TempFolder("kaya-units-"));
            var system = Directory.CreateDirectory(root.Sub("etc/systemd/system")).FullName;
            foreach (var unit in Directory.EnumerateFiles(ContribDir).Where(f => !f.EndsWith(".conf", StringComparison.Ordinal)))
                File.Copy(unit, System.IO.Path.Combine(system, System.IO.Path.GetFileName(unit)));
            if (withKayaDropIns)
                foreach (var unit in new[] { "kaya-backup@.service", "kaya.service", "kaya-run.service" })
                    File.Copy(System.IO.Path.Combine(ContribDir, "run-as-kaya.conf"), System.IO.Path.Combine(Directory.CreateDirectory(System.IO.Path.Combine(system, unit + ".d")).FullName, "run-as-kaya.conf"));

            // The distribution's units: every unit depends on sysinit.target, basic.target, ….
            CopyTree("/usr/lib/systemd/system", root.Sub("usr/lib/systemd/system"));

            // The built kaya (the apphost beside the tests) where ExecStart= looks for it.
            var kaya = System.IO.Path.Combine(AppContext.BaseDirectory, "kaya");
            Assert.True(File.Exists(kaya), "the built kaya binary is not at " + kaya);
            Install(kaya, root.Sub("usr/local/bin/kaya"));
            Install("/bin/kill", root.Sub("bin/kill"));

            File.WriteAllText(root.Sub("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nkaya:x:998:998:Kaya backups:/var/lib/kaya:/usr/sbin/nologin\n");
            File.WriteAllText(root.Sub("etc/group"), "root:x:0:\nkaya:x:998:\n");
            return root;
        }

        public void Dispose() => _folder.Dispose();

        private string Sub(string relative)
        {
            var full = System.IO.Path.Combine(Path, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            return full;
        }

        private static void Install(string from, string to)
        {
            File.Copy(from, to);
            File.SetUnixFileMode(to, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        // Symlinks are copied as symlinks: aliases such as dbus-org.*.service point within the folder.
        private static void CopyTree(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
            {
                var target = System.IO.Path.Combine(to, entry.Name);
                if (entry.LinkTarget is { } link) File.CreateSymbolicLink(target, link);
                else if (entry is DirectoryInfo) CopyTree(entry.FullName, target);
                else File.Copy(entry.FullName, target);
            }
        }
    }
}
