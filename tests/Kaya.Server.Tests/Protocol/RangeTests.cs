using System.Net;
using System.Text;

namespace Kaya.Server.Tests.Protocol;

public class RangeTests
{
    private static async Task<(InProcessServer Server, string Path)> WithObjectAsync()
    {
        var s = await InProcessServer.StartAsync();
        await s.Client.Create("/repo/");
        var (data, id) = Blob.Make("0123456789abcd");
        await s.Client.Post($"/repo/data/{id}", data);
        return (s, $"/repo/data/{id}");
    }

    [Theory]
    [InlineData("bytes=0-", "bytes 0-13/14", "0123456789abcd")]
    [InlineData("bytes=1-3", "bytes 1-3/14", "123")]
    [InlineData("bytes=10-100", "bytes 10-13/14", "abcd")]
    [InlineData("bytes=-4", "bytes 10-13/14", "abcd")]
    public async Task A_range_answers_206_with_content_range_and_exact_length(string range, string contentRange, string body)
    {
        var (s, path) = await WithObjectAsync();
        await using var _ = s;
        var response = await s.Client.Get(path, range: range);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(contentRange, response.Content.Headers.ContentRange!.ToString());
        Assert.Equal(Encoding.ASCII.GetByteCount(body), response.Content.Headers.ContentLength);
        Assert.Equal(body, await response.Body());
    }

    [Theory]
    [InlineData("bytes=14-")]
    [InlineData("bytes=20-30")]
    public async Task A_range_starting_past_the_end_is_416_with_the_size(string range)
    {
        var (s, path) = await WithObjectAsync();
        await using var _ = s;
        var response = await s.Client.Get(path, range: range);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal("bytes */14", response.Content.Headers.ContentRange!.ToString());
    }

    [Fact]
    public async Task A_malformed_range_is_416()
    {
        var (s, path) = await WithObjectAsync();
        await using var _ = s;
        Assert.Equal(416, await s.Client.Get(path, range: "bytes=3-1").Status());
    }

    [Fact]
    public async Task Without_a_range_the_whole_object_comes_with_accept_ranges()
    {
        var (s, path) = await WithObjectAsync();
        await using var _ = s;
        var response = await s.Client.Get(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(14, response.Content.Headers.ContentLength);
        Assert.Equal("bytes", response.Headers.AcceptRanges.Single());
    }

    [Fact]
    public async Task Large_objects_are_read_back_exactly_in_ranges()
    {
        await using var s = await InProcessServer.StartAsync();
        await s.Client.Create("/repo/");
        var (data, id) = Blob.Random(5 * 1024 * 1024 + 17);
        Assert.Equal(200, await s.Client.Post($"/repo/data/{id}", data).Status());
        var response = await s.Client.Get($"/repo/data/{id}", range: "bytes=1000000-3999999");
        Assert.Equal(data.AsSpan(1000000, 3000000).ToArray(), await response.Content.ReadAsByteArrayAsync());
    }
}
