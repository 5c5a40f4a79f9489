using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Kaya.Testing;

/// <summary>
/// A real OpenSSH sshd on one or more loopback addresses and a free port, with its own host keys, a client
/// key and authorized_keys in a temp folder, for the current user (root in CI: PermitRootLogin
/// prohibit-password). As an xunit class fixture it listens on 127.0.0.1 only; <see cref="StartAsync"/> takes options.
/// </summary>
public sealed class Sshd : IAsyncLifetime, IAsyncDisposable
{
    private readonly SshdOptions _options;
    private readonly TempFolder _folder = new("kaya-sshd-");
    private Process? _process;

    /// <summary>For xunit's class fixtures (which allow one public constructor): 127.0.0.1 only, started by InitializeAsync.</summary>
    public Sshd() : this(new SshdOptions()) { }

    private Sshd(SshdOptions options)
    {
        if (options.Addresses is < 1 or > 16) throw new ArgumentOutOfRangeException(nameof(options), options.Addresses, "Addresses: 1 to 16 (sshd's MAX_LISTEN_SOCKS)");
        if (options.FirstAddress < 1 || options.FirstAddress + options.Addresses > 255) throw new ArgumentOutOfRangeException(nameof(options), options.FirstAddress, "FirstAddress: the addresses must stay within 127.0.0.1 to 127.0.0.254");
        _options = options;
        Hosts = Enumerable.Range(options.FirstAddress, options.Addresses).Select(i => $"127.0.0.{i}").ToArray();
    }

    /// <summary>Starts an sshd with <paramref name="options"/>; dispose it to stop it and remove its folder.</summary>
    /// <exception cref="ProgramException">ssh-keygen failed, or sshd did not start or listen</exception>
    public static async Task<Sshd> StartAsync(SshdOptions options, CancellationToken ct = default)
    {
        var sshd = new Sshd(options);
        try
        {
            await sshd.StartAsync(ct);
        }
        catch
        {
            await sshd.DisposeAsync();
            throw;
        }
        return sshd;
    }

    /// <summary>The addresses it listens on, as host names for ssh: 127.0.0.FirstAddress (by default 127.0.0.1) first.</summary>
    public IReadOnlyList<string> Hosts { get; }

    /// <summary>The first of <see cref="Hosts"/>, 127.0.0.1 unless <see cref="SshdOptions.FirstAddress"/> says otherwise.</summary>
    public string Host => Hosts[0];

    public int Port { get; private set; }
    public int Pid => _process!.Id;
    public string User => Environment.UserName;

    /// <summary>The private key authorized_keys accepts; its public half is beside it (.pub).</summary>
    public string ClientKey => _folder.Combine("client_ed25519");

    /// <summary>The ed25519 host key's public line ("ssh-ed25519 BASE64 comment").</summary>
    public string HostPublicKey => File.ReadAllText(_folder.Combine("host_ed25519.pub")).Trim();

    /// <summary>A known_hosts file that trusts the ed25519 host key under every one of <see cref="Hosts"/>.</summary>
    public string KnownHosts => _folder.Combine("known_hosts");

    /// <summary>A known_hosts line that trusts this sshd as [127.0.0.1]:PORT.</summary>
    public string KnownHostsLine => KnownHostsLineFor(Host);

    /// <summary>A known_hosts line for the second host key (ecdsa) only, as [127.0.0.1]:PORT.</summary>
    public string EcdsaKnownHostsLine => $"[{Host}]:{Port} {KeyOf("host_ecdsa.pub")}";

    /// <summary>A known_hosts line that trusts this sshd's ed25519 key as [HOST]:PORT.</summary>
    public string KnownHostsLineFor(string host) => $"[{host}]:{Port} {KeyOf("host_ed25519.pub")}";

    /// <summary>A host key's fingerprint as <c>ssh-keygen -lf</c> prints it (<c>SHA256:…</c>).</summary>
    /// <param name="type">ed25519 or ecdsa</param>
    public async Task<string> HostKeyFingerprintAsync(string type = "ed25519")
    {
        var listed = (await Programs.RunAsync("ssh-keygen", ["-lf", _folder.Combine($"host_{type}.pub")])).EnsureSuccess("ssh-keygen -lf");
        return listed.Stdout.Split(' ')[1];
    }

    /// <summary>The ssh client options that reach this sshd with its client key and <see cref="KnownHosts"/> only.</summary>
    public IEnumerable<string> SshOptions() =>
    [
        "-p", Port.ToString(), "-i", ClientKey, "-o", "IdentitiesOnly=yes", "-o", $"UserKnownHostsFile={KnownHosts}",
        "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-F", "/dev/null",
    ];

    public Task InitializeAsync() => StartAsync(CancellationToken.None);

    /// <summary>Kills the per-connection sshd processes (children of the listener): connections drop mid-run.</summary>
    /// <returns>how many it killed</returns>
    public int KillSessions()
    {
        var killed = 0;
        foreach (var pid in ProcFs.ChildrenOf(Pid))
        {
            try
            {
                Process.GetProcessById(pid).Kill();
                killed++;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception) { }
        }
        return killed;
    }

    private async Task StartAsync(CancellationToken ct)
    {
        await KeygenAsync("host_ed25519", ct);
        // A second host key that known_hosts does not list, as on a stock Debian target: the client must pick the known one.
        await KeygenAsync("host_ecdsa", ct, "ecdsa");
        await KeygenAsync("client_ed25519", ct);
        File.Copy(ClientKey + ".pub", _folder.Combine("authorized_keys"));
        // sshd refuses to start without its privilege separation folder.
        Directory.CreateDirectory("/run/sshd");

        Port = FreePort.Pick();
        File.WriteAllLines(KnownHosts, Hosts.Select(KnownHostsLineFor));
        var config = _folder.Combine("sshd_config");
        File.WriteAllText(config, string.Concat(Hosts.Select(h => $"ListenAddress {h}\n")) + $"""
            HostKey {_folder.Combine("host_ecdsa")}
            HostKey {_folder.Combine("host_ed25519")}
            AuthorizedKeysFile {_folder.Combine("authorized_keys")}
            PidFile none
            StrictModes no
            PermitRootLogin prohibit-password
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            AllowTcpForwarding yes
            GatewayPorts no
            PrintMotd no
            Subsystem sftp internal-sftp
            """ + "\n" + (_options.MaxStartups is { } max ? $"MaxStartups {max}\n" : ""));
        var info = new ProcessStartInfo("/usr/sbin/sshd") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var a in new[] { "-D", "-e", "-f", config, "-p", Port.ToString() }) info.ArgumentList.Add(a);
        _process = Programs.Start(info);
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        foreach (var host in Hosts) await WaitForListenerAsync(IPAddress.Parse(host), ct);
    }

    private async Task WaitForListenerAsync(IPAddress address, CancellationToken ct)
    {
        // 100 × 50 ms: sshd listens within a few ms; this only bounds a broken start.
        for (var i = 0; i < 100; i++)
        {
            if (_process!.HasExited) throw new ProgramException($"sshd exited with {_process.ExitCode} before listening on {address}:{Port}");
            using var probe = new TcpClient();
            try { await probe.ConnectAsync(address, Port, ct); return; }
            catch (SocketException) { await Task.Delay(50, ct); }
        }
        throw new ProgramException($"sshd did not listen on {address}:{Port} within 5 s");
    }

    private async Task KeygenAsync(string name, CancellationToken ct, string type = "ed25519") =>
        (await Programs.RunAsync("ssh-keygen", ["-q", "-t", type, "-N", "", "-C", "kaya-test", "-f", _folder.Combine(name)], ct: ct)).EnsureSuccess("ssh-keygen");

    /// <summary>"TYPE BASE64" of a public key file, without its comment.</summary>
    private string KeyOf(string file) => string.Join(' ', File.ReadAllText(_folder.Combine(file)).Trim().Split(' ').Take(2));

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            try { _process.Kill(); } catch (InvalidOperationException) { }
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _process.Dispose();
        }
        _folder.Dispose();
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
