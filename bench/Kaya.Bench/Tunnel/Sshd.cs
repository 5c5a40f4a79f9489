using System.Diagnostics;
using Kaya.Bench.Sys;

namespace Kaya.Bench.Tunnel;

/// <summary>
/// A throwaway OpenSSH sshd on 127.0.0.1 with its own host key, client key and authorized_keys, for the
/// current user: the "target" the tunnel row backs up. Its per-connection processes are what the row's
/// sshd CPU counts.
/// </summary>
public sealed class Sshd : IAsyncDisposable
{
    private readonly string _folder;
    private Process? _process;

    private Sshd(string folder) => _folder = folder;

    public int Port { get; private set; }
    public int Pid => _process!.Id;
    public string ClientKey => Path.Combine(_folder, "client_ed25519");
    public string KnownHosts => Path.Combine(_folder, "known_hosts");
    public string User => Environment.UserName;

    public static async Task<Sshd> StartAsync(string folder, CancellationToken ct)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        var sshd = new Sshd(folder);
        foreach (var key in new[] { "host_ed25519", "client_ed25519" })
            (await Programs.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "kaya-bench", "-f", Path.Combine(folder, key)], ct: ct)).EnsureSuccess("ssh-keygen");
        File.Copy(sshd.ClientKey + ".pub", Path.Combine(folder, "authorized_keys"));
        // sshd refuses to start without its privilege separation folder.
        Directory.CreateDirectory("/run/sshd");

        sshd.Port = Programs.FreePort();
        var hostKey = File.ReadAllText(Path.Combine(folder, "host_ed25519.pub")).Split(' ');
        File.WriteAllText(sshd.KnownHosts, $"[127.0.0.1]:{sshd.Port} {hostKey[0]} {hostKey[1]}\n");
        var config = Path.Combine(folder, "sshd_config");
        File.WriteAllText(config, $"""
            ListenAddress 127.0.0.1
            HostKey {Path.Combine(folder, "host_ed25519")}
            AuthorizedKeysFile {Path.Combine(folder, "authorized_keys")}
            PidFile none
            StrictModes no
            PermitRootLogin prohibit-password
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            AllowTcpForwarding yes
            PrintMotd no
            """ + "\n");
        var info = new ProcessStartInfo("/usr/sbin/sshd") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var a in new[] { "-D", "-e", "-f", config, "-p", sshd.Port.ToString() }) info.ArgumentList.Add(a);
        sshd._process = Process.Start(info) ?? throw new BenchException("cannot start /usr/sbin/sshd");
        sshd._process.ErrorDataReceived += (_, _) => { };
        sshd._process.BeginErrorReadLine();
        await Programs.WaitForPortAsync(sshd.Port, () => sshd._process.HasExited, "sshd", ct);
        return sshd;
    }

    /// <summary>The ssh client options that reach this sshd with the bench's key and known_hosts only.</summary>
    public IEnumerable<string> SshOptions() =>
    [
        "-p", Port.ToString(), "-i", ClientKey, "-o", "IdentitiesOnly=yes", "-o", $"UserKnownHostsFile={KnownHosts}",
        "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-F", "/dev/null",
    ];

    public async ValueTask DisposeAsync()
    {
        if (_process is null) return;
        try { _process.Kill(); } catch (InvalidOperationException) { }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
