using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Kaya.Orchestrator.Tests.Support;

/// <summary>
/// A real OpenSSH sshd on 127.0.0.1 and a free port, with its own host key, a client key and
/// authorized_keys in a temp folder, for the current user (root in CI: PermitRootLogin prohibit-password).
/// </summary>
public sealed class Sshd : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private Process? _process;

    public int Port { get; private set; }
    public string ClientKey => _folder.Combine("client_ed25519");
    public string HostPublicKey => File.ReadAllText(_folder.Combine("host_ed25519.pub")).Trim();
    public string User => Environment.UserName;
    public int Pid => _process!.Id;

    /// <summary>A known_hosts line for the second host key only.</summary>
    public string EcdsaKnownHostsLine => $"[127.0.0.1]:{Port} {string.Join(' ', File.ReadAllText(_folder.Combine("host_ecdsa.pub")).Trim().Split(' ').Take(2))}";

    /// <summary>A known_hosts line that trusts this sshd as 127.0.0.1:PORT.</summary>
    public string KnownHostsLine => $"[127.0.0.1]:{Port} {string.Join(' ', HostPublicKey.Split(' ').Take(2))}";

    public async Task InitializeAsync()
    {
        await KeygenAsync("host_ed25519");
        // A second host key that known_hosts does not list, as on a stock Debian target: the client must pick the known one.
        await KeygenAsync("host_ecdsa", "ecdsa");
        await KeygenAsync("client_ed25519");
        File.Copy(_folder.Combine("client_ed25519.pub"), _folder.Combine("authorized_keys"));
        // sshd insists on its privilege separation folder.
        Directory.CreateDirectory("/run/sshd");

        Port = FreePort();
        var config = _folder.Combine("sshd_config");
        File.WriteAllText(config, $"""
            ListenAddress 127.0.0.1
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
            """);
        var info = new ProcessStartInfo("/usr/sbin/sshd") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var a in new[] { "-D", "-e", "-f", config, "-p", Port.ToString() }) info.ArgumentList.Add(a);
        _process = Process.Start(info)!;
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        for (var i = 0; i < 100; i++)
        {
            using var probe = new TcpClient();
            try { await probe.ConnectAsync(IPAddress.Loopback, Port); return; }
            catch (SocketException) { await Task.Delay(50); }
        }
        throw new InvalidOperationException($"sshd did not listen on 127.0.0.1:{Port}");
    }

    /// <summary>Kills the per-connection sshd processes (children of the listener): the connection drops mid-run.</summary>
    public int KillSessions()
    {
        var killed = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var ppid = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
                if (ppid != Pid) continue;
                Process.GetProcessById(pid).Kill();
                killed++;
            }
            catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or UnauthorizedAccessException) { }
        }
        return killed;
    }

    private async Task KeygenAsync(string name, string type = "ed25519")
    {
        var result = await Programs.RunAsync("ssh-keygen", ["-q", "-t", type, "-N", "", "-C", "kaya-test", "-f", _folder.Combine(name)]);
        if (result.ExitCode != 0) throw new InvalidOperationException(result.Stderr);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public Task DisposeAsync()
    {
        try { _process?.Kill(); _process?.WaitForExit(5000); } catch (InvalidOperationException) { }
        _process?.Dispose();
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
