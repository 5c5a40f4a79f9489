using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Fleet;
using Kaya.Orchestrator.Tests.Support;

namespace Kaya.Orchestrator.Tests.Fleet;

public sealed class HostsDirectoryTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Every_key_of_a_host_file_is_read_and_the_file_name_is_the_host()
    {
        File.WriteAllText(_folder.Combine("www1.example.com.conf"), """
            # web server
            restic_args=--one-file-system --exclude='/var/cache/*' / "/srv/web data"
            user=backup
            ssh_port=2222
            ssh_identity=/root/.ssh/kaya
            ssh_transport=sshnet
            remote_port=0
            interval=6h
            max_age=1d
            enabled=no
            quota=500G
            """);

        var host = Assert.Single(HostsDirectory.Load(_folder.Path));

        Assert.Equal("www1.example.com", host.Name);
        Assert.Equal(["--one-file-system", "--exclude=/var/cache/*", "/", "/srv/web data"], host.ResticArgs);
        Assert.Equal("backup", host.User);
        Assert.Equal(2222, host.SshPort);
        Assert.Equal("/root/.ssh/kaya", host.SshIdentity);
        Assert.Equal(SshTransportKind.SshNet, host.SshTransport);
        Assert.Equal(0, host.RemotePort);
        Assert.Equal(TimeSpan.FromHours(6), host.Interval);
        Assert.Equal(TimeSpan.FromDays(1), host.MaxAge);
        Assert.False(host.Enabled);
        Assert.Equal(500L << 30, host.Quota);
    }

    [Fact]
    public void Unset_keys_take_kaya_conf_and_the_documented_defaults()
    {
        File.WriteAllText(_folder.Combine("db1.conf"), "interval=12h\n");
        var config = new KayaConfig { BackupRoot = "/srv/kaya", SshPort = 2200, RemotePort = 9000 };

        var host = Assert.Single(HostsDirectory.Load(_folder.Path));
        var effective = host.ApplyTo(config);

        Assert.Null(host.ResticArgs);
        Assert.Equal("root", host.User);
        Assert.Equal(TimeSpan.FromHours(24), host.MaxAge);
        Assert.True(host.Enabled);
        Assert.Null(host.Quota);
        Assert.Equal(2200, effective.SshPort);
        Assert.Equal(9000, effective.RemotePort);
    }

    [Fact]
    public void Files_that_are_not_host_files_are_skipped_and_hosts_come_sorted()
    {
        File.WriteAllText(_folder.Combine("b.conf"), "");
        File.WriteAllText(_folder.Combine("a.conf"), "");
        File.WriteAllText(_folder.Combine("www1.example.com.conf.example"), "nonsense");
        File.WriteAllText(_folder.Combine(".c.conf"), "nonsense");

        Assert.Equal(["a", "b"], HostsDirectory.Load(_folder.Path).Select(h => h.Name));
    }

    [Fact]
    public void A_missing_folder_is_an_empty_fleet() => Assert.Empty(HostsDirectory.Load(_folder.Combine("nope")));

    [Theory]
    [InlineData("status")]
    [InlineData("check-config")]
    [InlineData("run")]
    public void A_file_named_like_a_command_is_an_error(string name)
    {
        File.WriteAllText(_folder.Combine(name + ".conf"), "");

        var e = Assert.Throws<ConfigException>(() => HostsDirectory.Load(_folder.Path));
        Assert.Contains($"\"{name}\" is a kaya command", e.Message);
    }

    [Fact]
    public void Every_bad_file_is_reported_with_file_and_line()
    {
        File.WriteAllText(_folder.Combine("a.conf"), "interval=6h\nquota=lots\n");
        File.WriteAllText(_folder.Combine("b.conf"), "colour=blue\n");
        File.WriteAllText(_folder.Combine("c.conf"), "enabled=yes\n");

        var result = HostsDirectory.Read(_folder.Path);

        Assert.Equal(["c"], result.Hosts.Select(h => h.Name));
        Assert.Equal(2, result.Errors.Count);
        Assert.StartsWith(_folder.Combine("a.conf") + ":2: quota=lots", result.Errors[0]);
        Assert.StartsWith(_folder.Combine("b.conf") + ":1: unknown key \"colour\"", result.Errors[1]);
    }

    [Fact]
    public void Every_bad_line_of_a_file_is_reported_and_an_unknown_key_gets_the_one_meant()
    {
        File.WriteAllText(_folder.Combine("a.conf"), "intervall=6h\nquota=lots\nenabled=yes\n");

        var result = HostsDirectory.Read(_folder.Path);

        Assert.Empty(result.Hosts);
        Assert.Equal(2, result.Errors.Count);
        Assert.Equal(_folder.Combine("a.conf") + ":1: unknown key \"intervall\" (did you mean 'interval'?)", result.Errors[0]);
        Assert.StartsWith(_folder.Combine("a.conf") + ":2: quota=lots", result.Errors[1]);
        // Other commands stop at the first error, as before.
        Assert.Equal(result.Errors[0], Assert.Throws<ConfigException>(() => HostsDirectory.Load(_folder.Path)).Message);
    }

    [Fact]
    public void A_hosts_own_file_is_read_alone_so_another_hosts_bad_file_does_not_concern_it()
    {
        File.WriteAllText(_folder.Combine("a.conf"), "interval=6h\n");
        File.WriteAllText(_folder.Combine("b.conf"), "colour=blue\n");

        Assert.Equal(TimeSpan.FromHours(6), HostsDirectory.LoadHost(_folder.Path, "a")!.Interval);
        Assert.Null(HostsDirectory.LoadHost(_folder.Path, "c"));
        Assert.StartsWith(_folder.Combine("b.conf") + ":1:", Assert.Throws<ConfigException>(() => HostsDirectory.LoadHost(_folder.Path, "b")).Message);
    }
}
