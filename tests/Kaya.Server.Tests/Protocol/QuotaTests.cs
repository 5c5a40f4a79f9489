using System.Net;

namespace Kaya.Server.Tests.Protocol;

public class QuotaTests
{
    [Fact]
    public async Task An_upload_past_the_quota_is_507_and_leaves_no_temporary()
    {
        await using var s = await InProcessServer.StartAsync(maxSize: 10_000);
        await s.Client.Create("/repo/");
        var (small, smallId) = Blob.Random(6_000);
        Assert.Equal(200, await s.Client.Post($"/repo/data/{smallId}", small).Status());
        var (big, bigId) = Blob.Random(6_000);
        var response = await s.Client.Post($"/repo/data/{bigId}", big);
        Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
        Assert.Equal("Insufficient Storage\n", await response.Body());
        Assert.Single(Directory.EnumerateFiles(Path.Combine(s.Root, "repo"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Deleting_frees_quota_and_an_upload_up_to_the_limit_is_allowed()
    {
        await using var s = await InProcessServer.StartAsync(maxSize: 10_000);
        await s.Client.Create("/repo/");
        var (a, aId) = Blob.Random(6_000);
        var (b, bId) = Blob.Random(10_000);
        Assert.Equal(200, await s.Client.Post($"/repo/data/{aId}", a).Status());
        Assert.Equal(507, await s.Client.Post($"/repo/data/{bId}", b).Status());
        Assert.Equal(200, await s.Client.Delete($"/repo/data/{aId}").Status());
        Assert.Equal(200, await s.Client.Post($"/repo/data/{bId}", b).Status());
    }

    [Fact]
    public async Task Existing_files_count_toward_the_quota_at_start()
    {
        var root = new TempFolder().Path;
        Directory.CreateDirectory(Path.Combine(root, "repo"));
        File.WriteAllBytes(Path.Combine(root, "repo", "config"), new byte[9_000]);
        await using var s = await InProcessServer.StartAsync(maxSize: 10_000, root: root);
        var (data, id) = Blob.Random(2_000);
        Assert.Equal(507, await s.Client.Post($"/repo/keys/{id}", data).Status());
    }

    [Fact]
    public async Task An_identical_reupload_near_the_quota_still_answers_200()
    {
        await using var s = await InProcessServer.StartAsync(maxSize: 10_000);
        await s.Client.Create("/repo/");
        var (data, id) = Blob.Random(6_000);
        Assert.Equal(200, await s.Client.Post($"/repo/data/{id}", data).Status());
        Assert.Equal(200, await s.Client.Post($"/repo/data/{id}", data).Status());
        var (more, moreId) = Blob.Random(4_000);
        Assert.Equal(200, await s.Client.Post($"/repo/data/{moreId}", more).Status());
    }
}
