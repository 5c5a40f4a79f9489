using System.Net;
using Kaya.Server.Hosting;

namespace Kaya.Server.Tests.Hosting;

public class ListenAddressTests
{
    [Theory]
    [InlineData(":8000", "127.0.0.1:8000")]
    [InlineData("127.0.0.1:0", "127.0.0.1:0")]
    [InlineData("localhost:9000", "127.0.0.1:9000")]
    [InlineData("0.0.0.0:8000", "0.0.0.0:8000")]
    [InlineData("[::1]:8000", "[::1]:8000")]
    public void Tcp_addresses_parse_and_a_bare_port_means_loopback(string text, string expected)
    {
        Assert.Equal(expected, ListenAddress.Parse(text).Tcp!.ToString());
    }

    [Fact]
    public void Unix_sockets_parse()
    {
        var address = ListenAddress.Parse("unix:/run/kaya.sock");
        Assert.Equal("/run/kaya.sock", address.UnixSocketPath);
        Assert.True(address.IsLoopback);
    }

    [Theory]
    [InlineData("8000")]
    [InlineData("host:port")]
    [InlineData("example.com:80")]
    [InlineData(":70000")]
    [InlineData("unix:")]
    public void Bad_addresses_say_what_is_expected(string text)
    {
        var e = Assert.Throws<FormatException>(() => ListenAddress.Parse(text));
        Assert.Contains("--listen", e.Message);
    }

    [Fact]
    public void Only_loopback_addresses_count_as_loopback()
    {
        Assert.True(ListenAddress.Parse(":1").IsLoopback);
        Assert.False(ListenAddress.Parse("0.0.0.0:1").IsLoopback);
        Assert.False(ListenAddress.Parse(IPAddress.Parse("192.0.2.1") + ":1").IsLoopback);
    }
}
