using System.Net;
using Kaya.Server.Protocol;
using Kaya.Server.Repository;

namespace Kaya.Server.Tests.Protocol;

public class EndpointTests
{
    [Fact]
    public async Task Create_makes_type_folders_and_256_data_folders_and_is_idempotent()
    {
        await using var s = await InProcessServer.StartAsync();
        var first = await s.Client.Create("/repo/");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("", await first.Body());
        Assert.Equal(200, await s.Client.Create("/repo/").Status());
        foreach (var type in new[] { "data", "index", "keys", "locks", "snapshots" })
            Assert.True(Directory.Exists(Path.Combine(s.Root, "repo", type)), type);
        Assert.Equal(256, Directory.GetDirectories(Path.Combine(s.Root, "repo", "data")).Length);
        Assert.False(File.Exists(Path.Combine(s.Root, "repo", "config")));
    }

    [Fact]
    public async Task Create_without_create_true_is_a_bad_request()
    {
        await using var s = await InProcessServer.StartAsync();
        var response = await s.Client.Post("/repo/?create=yes", []);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Bad Request\n", await response.Body());
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Nested_repositories_work_two_levels_deep_and_no_deeper()
    {
        await using var s = await InProcessServer.StartAsync();
        Assert.Equal(200, await s.Client.Create("/a/b/").Status());
        Assert.True(Directory.Exists(Path.Combine(s.Root, "a", "b", "keys")));
        Assert.Equal(404, await s.Client.Create("/a/b/c/").Status());
    }

    [Theory]
    [InlineData("GET", "/repo/", "POST")]
    [InlineData("DELETE", "/repo/", "POST")]
    [InlineData("HEAD", "/repo/data/", "GET")]
    [InlineData("POST", "/repo/keys/", "GET")]
    [InlineData("PUT", "/repo/config", "HEAD, GET, POST, DELETE")]
    [InlineData("PUT", "/repo/data/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "HEAD, GET, POST, DELETE")]
    public async Task Wrong_methods_get_405_with_the_allowed_ones(string method, string path, string allow)
    {
        await using var s = await InProcessServer.StartAsync();
        await s.Client.Create("/repo/");
        var response = await s.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
    }

    [Fact]
    public async Task Config_round_trips_and_head_gives_its_exact_length()
    {
        await using var s = await InProcessServer.StartAsync();
        await s.Client.Create("/repo/");
        Assert.Equal(404, await s.Client.Head("/repo/config").Status());
        Assert.Equal(404, await s.Client.Get("/repo/config").Status());
        var post = await s.Client.Post("/repo/config", "config-bytes"u8.ToArray());
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("", await post.Body());
        var head = await s.Client.Head("/repo/config");
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(12, head.Content.Headers.ContentLength);
        Assert.Equal("config-bytes", await (await s.Client.Get("/repo/config")).Body());
    }

    [Fact]
    public async Task Head_and_get_of_a_missing_repository_are_404()
    {
        await using var s = await InProcessServer.StartAsync();
        Assert.Equal(404, await s.Client.Head("/nope/config").Status());
        Assert.Equal(404, await s.Client.Get("/nope/keys/").Status());
        var response = await s.Client.Get("/nope/config");
        Assert.Equal("Not Found\n", await response.Body());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("data")]
    [InlineData("index")]
    [InlineData("keys")]
    [InlineData("locks")]
    [InlineData("snapshots")]
    public async Task Objects_of_every_type_are_stored_read_and_deleted(string type)
    {
        await using var s = await InProcessServer.StartAsync();
        await s.Client.Create("/repo/");
        var (data, id) = Blob.Random(3000);
        var path = $"/repo/{type}/{id}";
        Assert.Equal(404, await s.Client.Head(path).Status());
        Assert.Equal(200, await s.Client.Post(path, data).Status());
        var head = await s.Client.Head(path);
        Assert.Equal(3000, head.Content.Headers.ContentLength);
        var get = await s.Client.Get(path);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(data, await get.Content.ReadAsByteArrayAsync());
        var onDisk = type == "data" ? Path.Combine(s.Root, "repo", type, id[..2], id) : Path.Combine(s.Root, "repo", type, id);
        Assert.True(File.Exists(onDisk));
        Assert.Equal(200, await s.Client.Delete(path).Status());
        Assert.Equal(404, await s.Client.Get(path).Status());
        Assert.False(File.Exists(onDisk));
    }

    [Fact]
    public async Task Delete_of_a_missing_object_answers_200()
    {
        await using var s = await InProcessServer.StartAsync();
        await s.Client.Create("/repo/");
        var response = await s.Client.Delete("/repo/data/" + new string('a', 64));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(200, await s.Client.Delete("/repo/config").Status());
    }

    [Fact]
    public async Task Upload_into_a_repository_never_created_creates_its_folder()
    {
        await using var s = await InProcessServer.StartAsync();
        var (data, id) = Blob.Make("implicit");
        Assert.Equal(200, await s.Client.Post($"/fresh/data/{id}", data).Status());
        Assert.True(File.Exists(Path.Combine(s.Root, "fresh", "data", id[..2], id)));
    }

    [Theory]
    [InlineData("/repo/data/ABCDEF")]
    [InlineData("/repo/unknown/x/")]
    [InlineData("/repo/config/")]
    [InlineData("/a/b/c/config")]
    [InlineData("/repo")]
    public async Task Unknown_paths_are_404(string path)
    {
        await using var s = await InProcessServer.StartAsync();
        await s.Client.Create("/repo/");
        Assert.Equal(404, await s.Client.Get(path).Status());
    }

    [Fact]
    public async Task Responses_carry_no_server_header()
    {
        await using var s = await InProcessServer.StartAsync();
        var response = await s.Client.Create("/repo/");
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task An_escaped_slash_acts_as_a_slash_but_is_decoded_only_once()
    {
        await using var s = await InProcessServer.StartAsync();
        await s.Client.Create("/r/s/");
        Assert.Equal(200, await s.Client.Get("/r%2Fs/data/").Status());
        Assert.Equal(404, await s.Client.Get("/r%252Fs/data/").Status());
    }
}
