using System.Net;
using Kaya.Server.Access;
using Kaya.Server.Repository;

namespace Kaya.Server.Tests.Protocol;

public class PrivateRepositoryTests
{
    internal static string WriteHtpasswd(string dir, params (string User, string Password)[] users)
    {
        var path = Path.Combine(dir, ".htpasswd");
        File.WriteAllLines(path, users.Select(u => $"{u.User}:{BCrypt.Net.BCrypt.HashPassword(u.Password, 4)}"));
        return path;
    }

    private static async Task<InProcessServer> StartAsync()
    {
        var root = new TempFolder().Path;
        WriteHtpasswd(root, ("alice", "a-pass"), ("bob", "b-pass"));
        return await InProcessServer.StartAsync(new RepositoryPolicy { Private = true }, noAuth: false, root: root);
    }

    [Fact]
    public async Task A_user_reaches_her_own_repositories()
    {
        await using var s = await StartAsync();
        using var alice = s.NewClient("alice", "a-pass");
        Assert.Equal(200, await alice.Create("/alice/").Status());
        Assert.Equal(200, await alice.Create("/alice/laptop/").Status());
        Assert.Equal(200, await alice.Get("/alice/laptop/keys/").Status());
    }

    [Theory]
    [InlineData("/bob/")]
    [InlineData("/")]
    [InlineData("/alicex/")]
    [InlineData("/bob/keys/")]
    [InlineData("/config")]
    public async Task Another_users_repository_is_401(string path)
    {
        await using var s = await StartAsync();
        using var bob = s.NewClient("bob", "b-pass");
        await bob.Create("/bob/");
        using var alice = s.NewClient("alice", "a-pass");
        var response = path.EndsWith("/") && !path.EndsWith("keys/") ? await alice.Create(path) : await alice.Get(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Unauthorized\n", await response.Body());
    }

    [Fact]
    public async Task Missing_or_wrong_credentials_are_401_without_a_challenge()
    {
        await using var s = await StartAsync();
        var anonymous = await s.Client.Get("/alice/keys/");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Empty(anonymous.Headers.WwwAuthenticate);
        using var wrong = s.NewClient("alice", "b-pass");
        Assert.Equal(401, await wrong.Get("/alice/keys/").Status());
        using var unknown = s.NewClient("carol", "c-pass");
        Assert.Equal(401, await unknown.Get("/carol/keys/").Status());
    }

    [Fact]
    public async Task Authentication_comes_before_the_path_is_looked_at()
    {
        await using var s = await StartAsync();
        Assert.Equal(401, await s.Client.Get("/no/such/deep/path").Status());
    }

    [Fact]
    public async Task Run_credentials_reach_only_their_host_and_stop_when_revoked()
    {
        var root = new TempFolder().Path;
        await using var s = await InProcessServer.StartAsync(new Kaya.Server.Hosting.KayaServerOptions
        {
            DataPath = root,
            Listen = [Kaya.Server.Hosting.ListenAddress.Loopback(0)],
            Policy = new RepositoryPolicy { Private = true, AppendOnly = true },
            Authentication = Kaya.Server.Hosting.ServerAuthentication.RunCredentials,
        });
        var grant = s.Server.GrantRun(RunPurpose.Backup, new RepositoryPath(["web1"]));
        using var web1 = s.NewClient("web1", grant.Password);
        Assert.Equal(200, await web1.Create("/web1/").Status());
        Assert.Equal(401, await web1.Create("/web2/").Status());
        await s.Server.RevokeAsync(grant);
        Assert.Equal(401, await web1.Get("/web1/keys/").Status());
    }
}
