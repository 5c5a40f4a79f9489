using Kaya.Server.Access;

namespace Kaya.Server.Tests.Protocol;

/// <summary>PATH-9: Kaya's own state is never reachable over the protocol, in any mode.</summary>
public class HiddenPathTests
{
    public static TheoryData<string> Modes => new() { "no-auth", "append-only", "private" };

    private static async Task<(InProcessServer Server, HttpClient Client)> StartAsync(string mode)
    {
        var root = new TempFolder().Path;
        if (mode == "private")
        {
            PrivateRepositoryTests.WriteHtpasswd(root, ("HOST", "pw"));
            var s = await InProcessServer.StartAsync(new RepositoryPolicy { Private = true, AppendOnly = true }, noAuth: false, root: root);
            return (s, s.NewClient("HOST", "pw"));
        }
        var server = await InProcessServer.StartAsync(new RepositoryPolicy { AppendOnly = mode == "append-only" }, root: root);
        return (server, server.NewClient());
    }

    [Theory, MemberData(nameof(Modes))]
    public async Task Segments_starting_with_a_dot_answer_404(string mode)
    {
        var (s, client) = await StartAsync(mode);
        await using var _ = s;
        using var __ = client;
        Directory.CreateDirectory(Path.Combine(s.Root, ".kaya", "locks"));
        File.WriteAllText(Path.Combine(s.Root, ".kaya", "config"), "kaya's own");
        Directory.CreateDirectory(Path.Combine(s.Root, "HOST"));
        File.WriteAllText(Path.Combine(s.Root, "HOST", ".kaya-ledger"), "ledger");

        Assert.Equal(404, await client.Get("/.kaya/config").Status());
        Assert.Equal(404, await client.Head("/.kaya/config").Status());
        Assert.Equal(404, await client.Get("/.kaya/locks/").Status());
        Assert.Equal(404, await client.Delete("/.kaya/config").Status());
        Assert.Equal(404, await client.Create("/.kaya/").Status());
        Assert.Equal(404, await client.Get("/HOST/.kaya-ledger").Status());
        Assert.Equal(404, await client.Create("/HOST/.hidden/").Status());
        Assert.Equal("kaya's own", File.ReadAllText(Path.Combine(s.Root, ".kaya", "config")));
    }
}
