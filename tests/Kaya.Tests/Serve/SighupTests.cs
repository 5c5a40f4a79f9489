using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Kaya.Tests.Serve;

/// <summary>SIGHUP to <c>kaya serve</c>: logrotate's and systemctl reload's signal reloads, never ends the server.</summary>
public sealed class SighupTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private string Data => _temp.Combine("data");

    [Fact]
    public async Task Sighup_during_an_upload_leaves_it_to_complete_with_200()
    {
        await using var kaya = await KayaCli.ServeAsync("--path", Data, "--listen", "127.0.0.1:0", "--no-auth");
        using (var http = new HttpClient())
            Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"http://{kaya.Address}/r/?create=true", null)).StatusCode);
        var body = RandomNumberGenerator.GetBytes(1024 * 1024);
        var name = Convert.ToHexStringLower(SHA256.HashData(body));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, kaya.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /r/data/{name} HTTP/1.1\r\nHost: {kaya.Address}\r\nContent-Length: {body.Length}\r\n\r\n"));
        await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
        await stream.FlushAsync();

        Posix.Kill(kaya.Pid, Posix.SIGHUP);
        await WaitForAsync(kaya, "SIGHUP: nothing to reload");
        await stream.WriteAsync(body.AsMemory(body.Length / 2));
        var reply = new byte[64];
        var read = await stream.ReadAsync(reply);

        Assert.StartsWith("HTTP/1.1 200", Encoding.ASCII.GetString(reply, 0, read));
        Assert.False(kaya.HasExited);
        Assert.Equal(body, File.ReadAllBytes(Path.Combine(Data, "r", "data", name[..2], name)));
    }

    [Fact]
    public async Task After_logrotate_moves_the_log_a_sighup_sends_new_lines_to_a_new_file()
    {
        var log = _temp.Combine("access.log");
        await using var kaya = await KayaCli.ServeAsync("--path", Data, "--listen", "127.0.0.1:0", "--no-auth", "--log", log);
        using var http = new HttpClient();
        await http.GetAsync($"http://{kaya.Address}/before/config");
        await WaitForFileAsync(log, "/before/config");

        File.Move(log, log + ".1");
        Posix.Kill(kaya.Pid, Posix.SIGHUP);
        await WaitForAsync(kaya, $"SIGHUP: reopened the access log {log}");
        await http.GetAsync($"http://{kaya.Address}/after/config");
        await WaitForFileAsync(log, "/after/config");

        Assert.DoesNotContain("/before/", File.ReadAllText(log));
        Assert.DoesNotContain("/after/", File.ReadAllText(log + ".1"));
        Assert.False(kaya.HasExited);
    }

    [Fact]
    public async Task After_a_sighup_a_renewed_certificate_is_served_and_a_broken_one_keeps_the_old()
    {
        Directory.CreateDirectory(Data);
        var certificate = Path.Combine(Data, "public_key");
        var key = Path.Combine(Data, "private_key");
        var first = WriteCertificate(certificate, key);
        await using var kaya = await KayaCli.ServeAsync("--path", Data, "--listen", "127.0.0.1:0", "--no-auth", "--tls");
        Assert.Equal(first, await ServedThumbprintAsync(kaya.Port));

        var renewed = WriteCertificate(certificate, key);
        Posix.Kill(kaya.Pid, Posix.SIGHUP);
        await WaitForAsync(kaya, $"SIGHUP: now serving TLS certificate {renewed}");
        Assert.Equal(renewed, await ServedThumbprintAsync(kaya.Port));

        File.WriteAllText(certificate, "not a certificate\n");
        Posix.Kill(kaya.Pid, Posix.SIGHUP);
        await WaitForAsync(kaya, $"SIGHUP: cannot load TLS certificate {certificate} with key {key}: ");
        Assert.Contains($"still serving the certificate {renewed}", kaya.Stderr);
        Assert.Equal(renewed, await ServedThumbprintAsync(kaya.Port));
        Assert.False(kaya.HasExited);
    }

    /// <summary>A fresh self-signed certificate for 127.0.0.1; returns its thumbprint.</summary>
    private static string WriteCertificate(string certificatePath, string keyPath)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        return certificate.Thumbprint;
    }

    /// <summary>The thumbprint of the certificate a new TLS handshake is served.</summary>
    private static async Task<string> ServedThumbprintAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        string? thumbprint = null;
        await using var tls = new SslStream(client.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            RemoteCertificateValidationCallback = (_, served, _, _) =>
            {
                thumbprint = served?.GetCertHashString();
                return true;
            },
        });
        return thumbprint ?? throw new InvalidOperationException("the server sent no certificate");
    }

    /// <summary>Waits (up to 30 s) for a line of the server's stderr that contains <paramref name="text"/>.</summary>
    private static async Task WaitForAsync(ServerProcess server, string text)
    {
        for (var waited = 0; !server.Stderr.Contains(text, StringComparison.Ordinal); waited += 20)
        {
            Assert.True(waited < 30_000, $"the server did not say \"{text}\" within 30 s:\n{server.Output}");
            Assert.False(server.HasExited, $"the server exited:\n{server.Output}");
            await Task.Delay(20);
        }
    }

    /// <summary>Waits (up to 30 s) for the access log to hold <paramref name="text"/>: it is written in the background.</summary>
    private static async Task WaitForFileAsync(string path, string text)
    {
        for (var waited = 0; !(File.Exists(path) && File.ReadAllText(path).Contains(text, StringComparison.Ordinal)); waited += 20)
        {
            Assert.True(waited < 30_000, $"{path} did not get \"{text}\" within 30 s");
            await Task.Delay(20);
        }
    }

    public void Dispose() => _temp.Dispose();
}
