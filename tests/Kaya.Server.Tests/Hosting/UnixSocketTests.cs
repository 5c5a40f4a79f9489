using System.Net.Sockets;
using Kaya.Server.Hosting;

namespace Kaya.Server.Tests.Hosting;

public class UnixSocketTests
{
    [Fact]
    public async Task The_server_answers_on_a_unix_socket_and_removes_it_on_stop()
    {
        var root = new TempFolder().Path;
        var socket = Path.Combine(root, "kaya.sock");
        for (var round = 0; round < 2; round++)
        {
            var server = await KayaServer.StartAsync(new KayaServerOptions { DataPath = root, Authentication = ServerAuthentication.None, Listen = [ListenAddress.Parse("unix:" + socket)] });
            await using (server)
            {
                Assert.Contains("unix:" + socket, server.Addresses);
                using var client = new HttpClient(new SocketsHttpHandler
                {
                    ConnectCallback = async (_, ct) =>
                    {
                        var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                        await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), ct);
                        return new NetworkStream(s, ownsSocket: true);
                    },
                }) { BaseAddress = new Uri("http://kaya") };
                Assert.Equal(405, await client.Get("/repo1/").Status());
                Assert.Equal(404, await client.Get("/repo2/config").Status());
                await server.StopAsync();
            }
            Assert.False(File.Exists(socket));
        }
    }
}
