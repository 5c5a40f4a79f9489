using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kaya.Tests.Serve;

public class CrashSafetyTests
{
    [Fact]
    public async Task A_server_killed_mid_upload_leaves_no_visible_partial_object_after_restart()
    {
        using var temp = new TempFolder();
        var work = temp.Path;
        var data = Path.Combine(work, "data");
        var (blob, id) = Blob.Random(8 * 1024 * 1024);

        await using (var kaya = await KayaCli.ServeAsync("--path", data, "--listen", "127.0.0.1:0", "--no-auth"))
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://{kaya.Address}") };
            Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/repo/?create=true", new ByteArrayContent([]))).StatusCode);

            var port = int.Parse(kaya.Address.Split(':')[1]);
            using var socket = new TcpClient();
            await socket.ConnectAsync(IPAddress.Loopback, port);
            var stream = socket.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /repo/data/{id} HTTP/1.1\r\nHost: x\r\nContent-Length: {blob.Length}\r\n\r\n"));
            await stream.WriteAsync(blob.AsMemory(0, blob.Length / 2));
            await stream.FlushAsync();

            var folder = Path.Combine(data, "repo", "data", id[..2]);
            for (var i = 0; i < 100 && !Directory.EnumerateFiles(folder).Any(); i++) await Task.Delay(50);
            Assert.NotEmpty(Directory.EnumerateFiles(folder)); // the temporary exists while the body streams
            kaya.Kill();
        }

        Assert.False(File.Exists(Path.Combine(data, "repo", "data", id[..2], id)));
        await using (var restarted = await KayaCli.ServeAsync("--path", data, "--listen", "127.0.0.1:0", "--no-auth"))
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://{restarted.Address}") };
            Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/repo/data/{id}"))).StatusCode);
            var request = new HttpRequestMessage(HttpMethod.Get, "/repo/data/");
            request.Headers.TryAddWithoutValidation("Accept", "application/vnd.x.restic.rest.v2");
            Assert.Equal("[]", await (await http.SendAsync(request)).Content.ReadAsStringAsync());
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(data, "repo"), "*", SearchOption.AllDirectories));
        }
    }

    [Fact]
    public async Task Sigterm_stops_the_server_gracefully_with_exit_code_0()
    {
        using var temp = new TempFolder();
        var work = temp.Path;
        var kaya = await KayaCli.ServeAsync("--path", work, "--listen", "127.0.0.1:0", "--no-auth");
        await using (kaya)
        {
            Assert.Equal(0, await kaya.TerminateAsync());
        }
    }
}
