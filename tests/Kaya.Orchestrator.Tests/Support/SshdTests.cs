namespace Kaya.Orchestrator.Tests.Support;

/// <summary>The kit's sshd, as the fleet tests and bench use it: one process, several hosts.</summary>
public sealed class SshdTests
{
    [Fact]
    public async Task Every_loopback_address_of_one_sshd_is_a_host_of_its_own()
    {
        await using var sshd = await Sshd.StartAsync(new SshdOptions { Addresses = 3, MaxStartups = 50 });

        Assert.Equal(["127.0.0.1", "127.0.0.2", "127.0.0.3"], sshd.Hosts);
        foreach (var host in sshd.Hosts)
        {
            // SSH_CONNECTION is "CLIENT_IP CLIENT_PORT SERVER_IP SERVER_PORT": the address the session came in on.
            var result = await Programs.RunAsync("ssh", [.. sshd.SshOptions(), $"{sshd.User}@{host}", "echo $SSH_CONNECTION"]);

            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Equal($"{host} {sshd.Port}", string.Join(' ', result.Stdout.Trim().Split(' ')[2..]));
        }
    }

    [Fact]
    public async Task A_host_name_missing_from_known_hosts_is_refused()
    {
        await using var sshd = await Sshd.StartAsync(new SshdOptions { Addresses = 2 });
        File.WriteAllText(sshd.KnownHosts, sshd.KnownHostsLineFor("127.0.0.1") + "\n");

        var result = await Programs.RunAsync("ssh", [.. sshd.SshOptions(), $"{sshd.User}@127.0.0.2", "true"]);

        Assert.Equal(255, result.ExitCode);
        Assert.Contains("Host key verification failed", result.Stderr);
    }
}
