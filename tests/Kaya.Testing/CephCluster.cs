using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;

namespace Kaya.Testing;

/// <summary>
/// A single-node Ceph cluster from Debian's packages (ceph-mon, ceph-osd, radosgw, ceph-common), under a
/// temporary folder: one monitor on 127.0.0.1, one OSD on memstore, pool size 1, RGW (beast) on a free
/// loopback port, auth none, no manager. A test project starts one per run (as a collection fixture;
/// the collection definition must live in the test assembly) and it stops with SIGTERM in the order
/// rgw → osd → mon.
/// </summary>
/// <remarks>
/// Facts measured on Ceph 16.2: with auth none, RGW needs <c>ms mon client mode = crc</c> or it retries
/// forever ("get_initial_auth_request returned -13"); without <c>paxos propose interval = 0.05</c> RGW's
/// first start waits ~14 s on the monitor's 1 s proposal interval while it creates its pools; memstore's
/// default 1 GiB overflows under the conformance suite, so it is sized explicitly.
/// </remarks>
public sealed class CephCluster : IAsyncLifetime
{
    /// <summary>memstore keeps every object in RAM, capped here; 4 GiB holds the conformance suite (issue 14).</summary>
    private const long DefaultMemstoreBytes = 4L * 1024 * 1024 * 1024;

    /// <summary>
    /// The OSD's memstore cap in bytes (RAM it may fill); the bench asks for more than the tests. An
    /// init property, not a constructor: xunit wants a fixture with a single public constructor.
    /// </summary>
    public long MemstoreBytes { get; init; } = DefaultMemstoreBytes;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly List<Daemon> _daemons = [];
    private string _root = "";
    private string _conf = "";

    /// <summary>RGW's S3 endpoint, http://127.0.0.1:PORT.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public string AccessKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    public string SecretKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    /// <summary>From nothing to RGW answering and the S3 user created.</summary>
    public TimeSpan StartTime { get; private set; }

    public async Task InitializeAsync()
    {
        foreach (var tool in (string[])["ceph-mon", "ceph-osd", "radosgw", "radosgw-admin", "ceph", "monmaptool", "ceph-authtool"])
        {
            if (FindOnPath(tool) is null)
                throw new InvalidOperationException($"{tool} is not installed: apt-get install ceph-mon ceph-osd radosgw ceph-common (.ci/run does)");
        }
        var clock = Stopwatch.StartNew();
        _root = Directory.CreateTempSubdirectory("kaya-ceph-").FullName;
        foreach (var dir in (string[])["mon", "osd", "run", "log", "rgw"]) Directory.CreateDirectory(Path.Combine(_root, dir));
        var monPort = FreePort.Pick();
        var rgwPort = FreePort.Pick();
        Endpoint = new Uri($"http://127.0.0.1:{rgwPort}");
        _conf = Path.Combine(_root, "ceph.conf");
        var fsid = Guid.NewGuid().ToString();
        await File.WriteAllTextAsync(_conf, Config(fsid, monPort, rgwPort));

        // ceph-mon --mkfs wants a keyring even with auth none.
        await RunAsync("ceph-authtool", "--create-keyring", Path.Combine(_root, "keyring"), "--gen-key", "-n", "mon.", "--cap", "mon", "allow *");
        await RunAsync("monmaptool", "--create", "--addv", "a", $"[v2:127.0.0.1:{monPort}]", "--fsid", fsid, Path.Combine(_root, "monmap"));
        await RunAsync("ceph-mon", "-c", _conf, "--mkfs", "-i", "a", "--monmap", Path.Combine(_root, "monmap"));
        Start("ceph-mon", "-c", _conf, "-i", "a", "-f");
        var osd = (await RunAsync("ceph", "-c", _conf, "--connect-timeout", "30", "osd", "create")).Trim();
        await RunAsync("ceph-osd", "-c", _conf, "-i", osd, "--mkfs");
        Start("ceph-osd", "-c", _conf, "-i", osd, "-f");
        await StartRgwAsync();
        await RunAsync("radosgw-admin", "-c", _conf, "user", "create", "--uid", "kaya", "--display-name", "Kaya tests",
            "--access-key", AccessKey, "--secret-key", SecretKey);
        StartTime = clock.Elapsed;
    }

    /// <summary>Starts RGW (again) and waits until it answers.</summary>
    public async Task StartRgwAsync()
    {
        Start("radosgw", "-c", _conf, "-n", "client.rgw", "-f");
        await WaitForRgwAsync();
    }

    /// <summary>Stops RGW with SIGTERM, as an operator or a crash would take it away under a running server.</summary>
    public async Task StopRgwAsync()
    {
        var rgw = _daemons.Single(d => d.Name == "radosgw");
        _daemons.Remove(rgw);
        await rgw.StopAsync(StopTimeout);
    }

    private string Config(string fsid, int monPort, int rgwPort) => $"""
        [global]
        fsid = {fsid}
        mon host = v2:127.0.0.1:{monPort}
        auth cluster required = none
        auth service required = none
        auth client required = none
        ms mon client mode = crc
        paxos propose interval = 0.05
        mon allow pool size one = true
        mon warn on pool no redundancy = false
        osd pool default size = 1
        osd pool default min size = 1
        # RGW creates about eight pools; 8 placement groups each stays under mon_max_pg_per_osd (250).
        osd pool default pg num = 8
        osd pool default pgp num = 8
        osd crush chooseleaf type = 0
        osd objectstore = memstore
        memstore device bytes = {MemstoreBytes}
        run dir = {_root}/run
        admin socket = {_root}/run/$name.asok
        pid file = {_root}/run/$name.pid
        log file = {_root}/log/$name.log
        keyring = {_root}/keyring
        mon data = {_root}/mon
        osd data = {_root}/osd
        [client.rgw]
        rgw frontends = beast endpoint=127.0.0.1:{rgwPort}
        rgw data = {_root}/rgw

        """;

    private async Task WaitForRgwAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            foreach (var d in _daemons)
            {
                if (d.Process.HasExited) throw new InvalidOperationException($"{d.Name} exited with {d.Process.ExitCode} during start-up:\n{d.Tail()}\nlogs: {_root}/log");
            }
            try
            {
                using var response = await http.GetAsync(Endpoint);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (deadline.Elapsed > StartTimeout) throw new TimeoutException($"RGW did not answer on {Endpoint} within {StartTimeout.TotalSeconds} s; logs: {_root}/log");
            await Task.Delay(50);
        }
    }

    /// <summary>Stops the daemons with SIGTERM, newest first (rgw → osd → mon), and removes the folder.</summary>
    public async Task DisposeAsync()
    {
        for (var i = _daemons.Count - 1; i >= 0; i--) await _daemons[i].StopAsync(StopTimeout);
        _daemons.Clear();
        try { if (_root.Length > 0) Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
    }

    private void Start(string program, params string[] args)
    {
        var process = Programs.Start(Programs.StartInfo(program, args));
        process.StandardInput.Close();
        var daemon = new Daemon(program, process);
        process.OutputDataReceived += (_, e) => daemon.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _daemons.Add(daemon);
    }

    private static async Task<string> RunAsync(string program, params string[] args) =>
        (await Programs.RunAsync(program, args, timeout: StartTimeout)).EnsureSuccess($"{program} {string.Join(' ', args)}").Stdout;

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    private sealed class Daemon(string name, Process process)
    {
        private readonly Queue<string> _tail = new();

        public string Name => name;
        public Process Process => process;

        public void Keep(string? line)
        {
            if (line is null) return;
            lock (_tail)
            {
                _tail.Enqueue(line);
                if (_tail.Count > 20) _tail.Dequeue();
            }
        }

        public string Tail()
        {
            lock (_tail) return string.Join('\n', _tail);
        }

        public async Task StopAsync(TimeSpan timeout)
        {
            if (!process.HasExited)
            {
                try { Posix.Kill(process.Id, Posix.SIGTERM); }
                catch (IOException) { /* exited meanwhile */ }
                using var cts = new CancellationTokenSource(timeout);
                try { await process.WaitForExitAsync(cts.Token); }
                catch (OperationCanceledException) { process.Kill(); await process.WaitForExitAsync(); }
            }
            process.Dispose();
        }
    }
}
