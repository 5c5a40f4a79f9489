using Kaya.Server.Hosting;

namespace Kaya.Server.Tests.Hosting;

public class KayaServerOptionsTests
{
    [Fact]
    public void An_htpasswd_file_with_htpasswd_authentication_off_is_refused_naming_both()
    {
        var e = Assert.Throws<ArgumentException>(() => ServerAuthentication.Of(htpasswd: false, runCredentials: true, htpasswdFile: "/etc/kaya/.htpasswd"));
        Assert.StartsWith("authentication: the htpasswd file /etc/kaya/.htpasswd is named but htpasswd authentication is off", e.Message);
    }

    [Fact]
    public async Task Contradicting_options_stop_the_server_before_it_starts_naming_the_conflict()
    {
        var root = new TempFolder().Path;
        var options = new KayaServerOptions { DataPath = root, Listen = [ListenAddress.Loopback(0)], Authentication = ServerAuthentication.None, PrometheusNoAuth = true };

        var e = await Assert.ThrowsAsync<ArgumentException>(() => KayaServer.StartAsync(options));

        Assert.Equal("PrometheusNoAuth is set but Prometheus is off: turn Prometheus on, or PrometheusNoAuth off", e.Message);
    }

    [Fact]
    public async Task Run_credentials_cannot_be_granted_by_a_server_that_does_not_accept_them()
    {
        await using var s = await InProcessServer.StartAsync();
        Assert.Throws<InvalidOperationException>(() => s.Server.GrantRun(Kaya.Server.Access.RunPurpose.Backup, new Kaya.Server.Repository.RepositoryPath(["web1"])));
    }
}
