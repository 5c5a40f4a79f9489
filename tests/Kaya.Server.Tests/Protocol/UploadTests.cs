using System.Net;
using System.Net.Sockets;
using System.Text;
using Kaya.Server.Access;

namespace Kaya.Server.Tests.Protocol;

public class UploadTests
{
    [Fact]
    public async Task Content_that_does_not_hash_to_its_name_is_refused_and_not_stored()
    {
        await using var s = await InProcessServer.StartAsync();
        await s.Client.Create("/repo/");
        var (_, id) = Blob.Make("the real content");
        var response = await s.Client.Post($"/repo/index/{id}", "other content"u8.ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Bad Request\n", await response.Body());
        Assert.Equal(404, await s.Client.Head($"/repo/index/{id}").Status());
        Assert.Empty(Directory.GetFiles(Path.Combine(s.Root, "repo", "index")));
    }

    [Fact]
    public async Task No_verify_upload_stores_content_whatever_its_name()
    {
        await using var s = await InProcessServer.StartAsync(new RepositoryPolicy { VerifyUploads = false });
        await s.Client.Create("/repo/");
        var (_, id) = Blob.Make("a");
        Assert.Equal(200, await s.Client.Post($"/repo/data/{id}", "not a"u8.ToArray()).Status());
        Assert.Equal("not a", await (await s.Client.Get($"/repo/data/{id}")).Body());
    }

    [Fact]
    public async Task Config_is_never_hash_checked()
    {
        await using var s = await InProcessServer.StartAsync();
        await s.Client.Create("/repo/");
        Assert.Equal(200, await s.Client.Post("/repo/config", "anything"u8.ToArray()).Status());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Identical_reupload_answers_200_and_changes_nothing(bool appendOnly)
    {
        await using var s = await InProcessServer.StartAsync(new RepositoryPolicy { AppendOnly = appendOnly });
        await s.Client.Create("/repo/");
        var (data, id) = Blob.Random(4096);
        var path = Path.Combine(s.Root, "repo", "data", id[..2], id);
        Assert.Equal(200, await s.Client.Post($"/repo/data/{id}", data).Status());
        var written = File.GetLastWriteTimeUtc(path);
        Assert.Equal(200, await s.Client.Post($"/repo/data/{id}", data).Status());
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        Assert.Equal(200, await s.Client.Post("/repo/config", "cfg"u8.ToArray()).Status());
        Assert.Equal(200, await s.Client.Post("/repo/config", "cfg"u8.ToArray()).Status());
    }

    [Fact]
    public async Task Different_bytes_under_an_existing_name_are_refused_with_403()
    {
        await using var s = await InProcessServer.StartAsync(new RepositoryPolicy { VerifyUploads = false });
        await s.Client.Create("/repo/");
        var id = new string('c', 64);
        Assert.Equal(200, await s.Client.Post($"/repo/keys/{id}", "first"u8.ToArray()).Status());
        Assert.Equal(403, await s.Client.Post($"/repo/keys/{id}", "other"u8.ToArray()).Status());
        Assert.Equal(403, await s.Client.Post($"/repo/keys/{id}", "longer content"u8.ToArray()).Status());
        Assert.Equal("first", await (await s.Client.Get($"/repo/keys/{id}")).Body());
        Assert.Equal(200, await s.Client.Post("/repo/config", "one"u8.ToArray()).Status());
        var refused = await s.Client.Post("/repo/config", "two"u8.ToArray());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("Forbidden\n", await refused.Body());
        Assert.Equal("one", await (await s.Client.Get("/repo/config")).Body());
        Assert.Single(Directory.GetFiles(Path.Combine(s.Root, "repo", "keys")));
    }

    [Theory]
    [InlineData("/repo/data/")]
    [InlineData("/repo/config")]
    public async Task A_body_cut_short_leaves_nothing_under_the_name_and_no_temporary(string prefix)
    {
        await using var s = await InProcessServer.StartAsync();
        await s.Client.Create("/repo/");
        var (data, id) = Blob.Random(200_000);
        var target = prefix.EndsWith('/') ? prefix + id : prefix;
        await SendTruncatedAsync(s.Server.Port, target, data, sent: 100_000);

        await WaitUntilAsync(() => !Directory.EnumerateFiles(Path.Combine(s.Root, "repo"), "*", SearchOption.AllDirectories).Any());
        Assert.Equal(404, await s.Client.Head(target).Status());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(s.Root, "repo"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task An_aborted_upload_does_not_clobber_a_completed_one_of_the_same_name()
    {
        await using var s = await InProcessServer.StartAsync();
        await s.Client.Create("/repo/");
        var (data, id) = Blob.Make("foo\n");
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, s.Server.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /repo/data/{id} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\ninvalid data from aborted request\n"));
        await stream.FlushAsync();

        Assert.Equal(200, await s.Client.Post($"/repo/data/{id}", data).Status());
        socket.Close();
        await Task.Delay(200);
        Assert.Equal("foo\n", await (await s.Client.Get($"/repo/data/{id}")).Body());
    }

    [Fact]
    public async Task Temporaries_left_by_a_crash_are_swept_at_start()
    {
        var root = new TempFolder().Path;
        var dir = Path.Combine(root, "repo", "data", "ab");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "ab12.kaya-tmp-0011223344556677"), "partial");
        File.WriteAllText(Path.Combine(dir, "ab34.rest-server-temp987"), "partial");
        File.WriteAllText(Path.Combine(dir, "ab" + new string('0', 62)), "kept");
        await using var s = await InProcessServer.StartAsync(root: root);
        Assert.Equal(["ab" + new string('0', 62)], Directory.GetFiles(dir).Select(Path.GetFileName));
    }

    internal static async Task SendTruncatedAsync(int port, string path, byte[] data, int sent)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {data.Length}\r\n\r\n"));
        await stream.WriteAsync(data.AsMemory(0, sent));
        await stream.FlushAsync();
        socket.Client.Shutdown(SocketShutdown.Send);
        var buffer = new byte[1024];
        try { while (await stream.ReadAsync(buffer) > 0) { } } catch (IOException) { }
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++) await Task.Delay(50);
    }
}
