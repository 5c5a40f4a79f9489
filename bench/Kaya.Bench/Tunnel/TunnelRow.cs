using Kaya.Bench.Report;
using Kaya.Bench.Rows;
using Kaya.Bench.Servers;
using Kaya.Bench.Sys;

namespace Kaya.Bench.Tunnel;

/// <summary>
/// Row 6: the restic backup of the generated tree as the orchestrator runs it: `kaya HOST backup` with
/// each SSH transport, and the Bash original's path (OpenSSH `ssh -R` to the peer server, restic run by
/// the remote command). Each run starts with a fresh repository, so it is init plus first backup.
/// Figure: wall seconds; CPU column: the target's sshd processes (the per-connection ones and the listener).
/// </summary>
public static class TunnelRow
{
    public const string Host = "127.0.0.1";

    public static async Task<Measurement> KayaAsync(BenchContext context, Sshd sshd, string transport, CancellationToken ct)
    {
        var folder = context.FreshFolder("tunnel", "kaya-" + transport);
        try
        {
            var config = Path.Combine(folder, "kaya.conf");
            // kaya refuses a missing backup_root (exit 23), as a sysadmin's first run would be told.
            var backupRoot = Directory.CreateDirectory(Path.Combine(folder, "backups")).FullName;
            File.WriteAllText(config, $"""
                backup_root={backupRoot}
                remote_port=0
                ssh_port={sshd.Port}
                ssh_identity={sshd.ClientKey}
                ssh_known_hosts={sshd.KnownHosts}
                ssh_transport={transport}
                """ + "\n");
            return await MeasureAsync($"kaya {transport}", sshd, () =>
                Programs.RunAsync(context.KayaBinary, ["-c", config, "-u", sshd.User, Host, "backup", "--", context.Tree], ct: ct), $"kaya {Host} backup ({transport})");
        }
        finally
        {
            BenchContext.Remove(folder);
        }
    }

    /// <summary>The Bash original's path: the peer server in append-only, private-repos mode with an htpasswd entry for the host.</summary>
    public static async Task<Measurement> OriginalAsync(BenchContext context, Sshd sshd, ServerKind peer, CancellationToken ct)
    {
        var folder = context.FreshFolder("tunnel", "ssh-" + peer.Name);
        try
        {
            // The original adds hosts with htpasswd -B (apache's default bcrypt cost, 5).
            var htpasswd = Path.Combine(folder, ".htpasswd");
            const string password = "tunnel-password";
            (await Programs.RunAsync("htpasswd", ["-B", "-b", "-c", htpasswd, Host, password], ct: ct)).EnsureSuccess("htpasswd");
            await using var server = await peer.StartAsync(Path.Combine(folder, "data"), new ServeMode(htpasswd, AppendOnly: true, PrivateRepos: true), ct);
            var remotePort = FreePort.Pick();
            var remote = $"export RESTIC_PASSWORD=bench RESTIC_REPOSITORY=rest:http://{Host}:{password}@127.0.0.1:{remotePort}/{Host}/; " +
                         $"restic init >/dev/null && restic backup --quiet '{context.Tree}'";
            string[] args = [.. sshd.SshOptions(), "-o", "ExitOnForwardFailure=yes", "-R", $"127.0.0.1:{remotePort}:127.0.0.1:{server.Port}", $"{sshd.User}@{Host}", remote];
            return await MeasureAsync($"ssh -R + {peer.Name}", sshd, () => Programs.RunAsync("ssh", args, ct: ct), $"ssh -R to {peer.Name}");
        }
        finally
        {
            BenchContext.Remove(folder);
        }
    }

    private static async Task<Measurement> MeasureAsync(string name, Sshd sshd, Func<Task<ProgramResult>> run, string what)
    {
        await using var sampler = new ProcessSampler(sshd.Pid, comm => comm == "sshd");
        var result = (await run()).EnsureSuccess(what);
        // The per-connection sshd processes exit right after the session; let the sampler see their last state.
        var stats = await sampler.StopAsync();
        return new Measurement(Row.Tunnel, name, result.Wall.TotalSeconds, stats.CpuSeconds - sampler.CpuAtStart, 0);
    }
}
