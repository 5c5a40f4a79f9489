using System.Net;
using Kaya.Server.Protocol;
using Kaya.Server.Repository;

namespace Kaya.Server.Tests.Protocol;

public class ListingTests
{
    [Fact]
    public async Task Empty_listing_is_an_empty_array_in_both_versions()
    {
        await using var s = await InProcessServer.StartAsync();
        await s.Client.Create("/repo/");
        var v1 = await s.Client.Get("/repo/data/");
        Assert.Equal("[]", await v1.Body());
        Assert.Equal(ResticProtocol.V1MediaType, v1.Content.Headers.ContentType!.ToString());
        var v2 = await s.Client.Get("/repo/data/", accept: ResticProtocol.V2MediaType);
        Assert.Equal("[]", await v2.Body());
        Assert.Equal(ResticProtocol.V2MediaType, v2.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task V2_lists_names_and_sizes_and_v1_lists_names()
    {
        await using var s = await InProcessServer.StartAsync();
        await s.Client.Create("/repo/");
        var (data, id) = Blob.Make("twelve bytes");
        await s.Client.Post($"/repo/snapshots/{id}", data);
        Assert.Equal($"[{{\"name\":\"{id}\",\"size\":12}}]", await (await s.Client.Get("/repo/snapshots/", accept: ResticProtocol.V2MediaType)).Body());
        Assert.Equal($"[\"{id}\"]", await (await s.Client.Get("/repo/snapshots/")).Body());
    }

    [Theory]
    [InlineData("application/vnd.x.restic.rest.v2, */*")]
    [InlineData("application/vnd.x.restic.rest.v1")]
    [InlineData("*/*")]
    public async Task Only_the_exact_v2_accept_header_selects_v2(string accept)
    {
        await using var s = await InProcessServer.StartAsync();
        await s.Client.Create("/repo/");
        var response = await s.Client.Get("/repo/keys/", accept: accept);
        Assert.Equal(ResticProtocol.V1MediaType, response.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Data_listing_spans_the_two_character_folders()
    {
        await using var s = await InProcessServer.StartAsync();
        await s.Client.Create("/repo/");
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var (data, id) = Blob.Random(100 + i);
            ids.Add(id);
            await s.Client.Post($"/repo/data/{id}", data);
        }
        var body = await (await s.Client.Get("/repo/data/")).Body();
        foreach (var id in ids) Assert.Contains(id, body);
    }

    [Fact]
    public async Task Stray_and_temporary_files_are_never_listed()
    {
        await using var s = await InProcessServer.StartAsync();
        await s.Client.Create("/repo/");
        var (data, id) = Blob.Make("real");
        await s.Client.Post($"/repo/locks/{id}", data);
        File.WriteAllText(Path.Combine(s.Root, "repo", "data", "temp"), "stray");
        File.WriteAllText(Path.Combine(s.Root, "repo", "data", "ab", "x.kaya-tmp-1"), "temp");
        File.WriteAllText(Path.Combine(s.Root, "repo", "locks", id + ".rest-server-temp123"), "temp");
        Directory.CreateDirectory(Path.Combine(s.Root, "repo", "locks", "subdir"));
        Assert.Equal("[]", await (await s.Client.Get("/repo/data/")).Body());
        Assert.Equal($"[\"{id}\"]", await (await s.Client.Get("/repo/locks/")).Body());
    }

    [Fact]
    public async Task A_missing_type_folder_in_an_existing_repository_lists_as_empty()
    {
        await using var s = await InProcessServer.StartAsync();
        await s.Client.Create("/repo/");
        await s.Client.Post("/repo/config", "c"u8.ToArray());
        Directory.Delete(Path.Combine(s.Root, "repo", "index"));
        Directory.Delete(Path.Combine(s.Root, "repo", "data"), recursive: true);
        Assert.Equal(200, await s.Client.Get("/repo/data/").Status());
        var response = await s.Client.Get("/repo/index/", accept: ResticProtocol.V2MediaType);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[]", await response.Body());
    }

    [Fact]
    public async Task Listing_a_missing_repository_is_404()
    {
        await using var s = await InProcessServer.StartAsync();
        Assert.Equal(404, await s.Client.Get("/nope/data/").Status());
        Assert.Equal(404, await s.Client.Get("/keys/").Status());
    }

    [Fact]
    public async Task A_data_object_in_the_wrong_folder_is_not_listed()
    {
        await using var s = await InProcessServer.StartAsync();
        await s.Client.Create("/repo/");
        var (data, id) = Blob.Make("misplaced");
        var wrong = id[..2] == "00" ? "01" : "00";
        File.WriteAllBytes(Path.Combine(s.Root, "repo", "data", wrong, id), data);
        Directory.CreateDirectory(Path.Combine(s.Root, "repo", "data", "stray"));
        File.WriteAllBytes(Path.Combine(s.Root, "repo", "data", "stray", id), data);
        Assert.Equal(404, await s.Client.Head($"/repo/data/{id}").Status());
        Assert.Equal("[]", await (await s.Client.Get("/repo/data/")).Body());
    }
}
