using Kaya.Server.Access;

namespace Kaya.Server.Tests.Protocol;

public class AppendOnlyTests
{
    private static Task<InProcessServer> StartAsync() => InProcessServer.StartAsync(new RepositoryPolicy { AppendOnly = true });

    [Theory]
    [InlineData("data")]
    [InlineData("index")]
    [InlineData("keys")]
    [InlineData("snapshots")]
    public async Task Append_only_refuses_delete_of_anything_but_locks(string type)
    {
        await using var s = await StartAsync();
        await s.Client.Create("/repo/");
        var (data, id) = Blob.Make("keep me " + type);
        Assert.Equal(200, await s.Client.Post($"/repo/{type}/{id}", data).Status());
        Assert.Equal(403, await s.Client.Delete($"/repo/{type}/{id}").Status());
        Assert.Equal(200, await s.Client.Head($"/repo/{type}/{id}").Status());
        Assert.Equal(403, await s.Client.Delete($"/repo/{type}/{new string('e', 64)}").Status());
    }

    [Fact]
    public async Task Append_only_refuses_delete_of_config()
    {
        await using var s = await StartAsync();
        await s.Client.Create("/repo/");
        await s.Client.Post("/repo/config", "c"u8.ToArray());
        Assert.Equal(403, await s.Client.Delete("/repo/config").Status());
        Assert.Equal("c", await (await s.Client.Get("/repo/config")).Body());
    }

    [Fact]
    public async Task Append_only_allows_delete_of_locks()
    {
        await using var s = await StartAsync();
        await s.Client.Create("/repo/");
        var (data, id) = Blob.Make("lock");
        Assert.Equal(200, await s.Client.Post($"/repo/locks/{id}", data).Status());
        Assert.Equal(200, await s.Client.Delete($"/repo/locks/{id}").Status());
        Assert.Equal(404, await s.Client.Get($"/repo/locks/{id}").Status());
    }

    [Fact]
    public async Task Append_only_still_creates_repositories_and_stores_objects()
    {
        await using var s = await StartAsync();
        Assert.Equal(200, await s.Client.Create("/p/sub/").Status());
        var (data, id) = Blob.Make("x");
        Assert.Equal(200, await s.Client.Post($"/p/sub/snapshots/{id}", data).Status());
        Assert.Equal(400, await s.Client.Post($"/p/sub/snapshots/{new string('1', 64)}", data).Status());
    }
}
