using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Kaya.Orchestrator.History;

namespace Kaya.Web.Tests;

/// <summary>The listener over raw HTTP: the JSON endpoints against the CLI's, the security headers, the Host check, auth, methods.</summary>
public sealed class StatusServerTests : IAsyncLifetime
{
    private DemoFleet _fleet = null!;

    public async Task InitializeAsync() => _fleet = await DemoFleet.CreateAsync();

    public Task DisposeAsync()
    {
        _fleet.Dispose();
        return Task.CompletedTask;
    }

    private Task<StatusServer> StartAsync(StatusServerOptions? options = null) =>
        StatusServer.StartAsync((options ?? new StatusServerOptions { Source = _fleet.Source }) with { Listen = options?.Listen ?? new(IPAddress.Loopback, 0) });

    [Fact]
    public async Task Api_status_has_the_schema_and_values_of_kaya_status_json()
    {
        await using var server = await StartAsync();
        var reply = await RawAsync(server, "GET /api/status HTTP/1.1");
        Assert.Equal(200, reply.Status);
        Assert.Equal("application/json; charset=utf-8", reply.Header("Content-Type"));
        var cli = await KayaCli.RunAsync("status", "--json", "-c", _fleet.ConfigPath);
        Assert.Equal(1, cli.ExitCode); // a failing and a stale host

        using var page = JsonDocument.Parse(reply.Body);
        using var command = JsonDocument.Parse(cli.Stdout);
        Assert.Equal(Names(command.RootElement), Names(page.RootElement));
        var pageHosts = page.RootElement.GetProperty("hosts").EnumerateArray().ToList();
        var cliHosts = command.RootElement.GetProperty("hosts").EnumerateArray().ToList();
        Assert.Equal(cliHosts.Select(h => h.GetProperty("host").GetString()), pageHosts.Select(h => h.GetProperty("host").GetString()));
        Assert.Equal(Names(cliHosts[0]), Names(pageHosts[0]));
        // The CLI runs on the real clock, the page on the demo's: compare what does not depend on now.
        foreach (var (p, c) in pageHosts.Zip(cliHosts))
        {
            Assert.Equal(c.GetProperty("last_success").GetString(), p.GetProperty("last_success").GetString());
            Assert.Equal(c.GetProperty("repository_bytes").ToString(), p.GetProperty("repository_bytes").ToString());
            Assert.Equal(c.GetProperty("last_attempt").ToString(), p.GetProperty("last_attempt").ToString());
        }
        Assert.Equal("failing", pageHosts.Single(h => h.GetProperty("host").GetString() == DemoFleet.Failing).GetProperty("state").GetString());
        Assert.Equal(1, page.RootElement.GetProperty("schema_version").GetInt32());
    }

    [Fact]
    public async Task Api_runs_is_byte_for_byte_kaya_host_history_json()
    {
        await using var server = await StartAsync();
        var reply = await RawAsync(server, $"GET /api/hosts/{DemoFleet.Ok}/runs HTTP/1.1");
        Assert.Equal(200, reply.Status);
        var cli = await KayaCli.RunAsync("-c", _fleet.ConfigPath, DemoFleet.Ok, "history", "--json");
        Assert.Equal(0, cli.ExitCode);
        Assert.Equal(cli.Stdout, reply.Body);

        var limited = await RawAsync(server, $"GET /api/hosts/{DemoFleet.Ok}/runs?limit=3 HTTP/1.1");
        Assert.Equal(3, JsonDocument.Parse(limited.Body).RootElement.GetProperty("runs").GetArrayLength());
        Assert.Equal(400, (await RawAsync(server, $"GET /api/hosts/{DemoFleet.Ok}/runs?limit=0 HTTP/1.1")).Status);
        Assert.Equal(404, (await RawAsync(server, "GET /api/hosts/nobody.example.com/runs HTTP/1.1")).Status);
        Assert.Equal(404, (await RawAsync(server, "GET /host/nobody.example.com HTTP/1.1")).Status);
    }

    [Fact]
    public async Task Every_answer_carries_a_policy_that_allows_only_the_page_s_own_style_by_hash()
    {
        await using var server = await StartAsync();
        var page = await RawAsync(server, "GET / HTTP/1.1");
        var policy = page.Header("Content-Security-Policy")!;
        var style = page.Body[(page.Body.IndexOf("<style>", StringComparison.Ordinal) + 7)..page.Body.IndexOf("</style>", StringComparison.Ordinal)];
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style)));
        Assert.Equal($"default-src 'none'; style-src 'sha256-{hash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'", policy);
        Assert.Equal("nosniff", page.Header("X-Content-Type-Options"));
        Assert.DoesNotContain("<script", page.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", page.Body, StringComparison.Ordinal);
        foreach (var path in new[] { "/api/status", "/metrics", "/nowhere", $"/host/{DemoFleet.Ok}" })
            Assert.Equal(policy, (await RawAsync(server, $"GET {path} HTTP/1.1")).Header("Content-Security-Policy"));
    }

    [Fact]
    public async Task Markup_in_a_failure_reason_reaches_the_pages_encoded()
    {
        const string Hostile = "restic: Fatal: <script>alert(1)</script><img src=x onerror=alert(2)> & \"quoted\"";
        var started = DemoFleet.Now.AddMinutes(-30);
        await _fleet.History.RecordAsync(new RunRecord
        {
            Host = DemoFleet.Failing, Trigger = RunTrigger.Daemon, Started = started, Ended = started.AddSeconds(5), Duration = TimeSpan.FromSeconds(5),
            Outcome = RunOutcome.Failed, KayaExitCode = 1, Reason = Hostile,
        });
        await using var server = await StartAsync();
        foreach (var path in new[] { "/", $"/host/{DemoFleet.Failing}" })
        {
            var body = (await RawAsync(server, $"GET {path} HTTP/1.1")).Body;
            Assert.DoesNotContain("<script", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", body, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", body);
        }
    }

    [Theory]
    [InlineData("evil.example.com")]
    [InlineData("evil.example.com:{port}")]
    [InlineData("127.0.0.1:1")]
    [InlineData("127.0.0.1")]
    [InlineData("localhost.evil.example.com:{port}")]
    public async Task A_host_header_that_is_not_the_listener_is_refused_against_DNS_rebinding(string host)
    {
        await using var server = await StartAsync();
        foreach (var path in new[] { "/", "/api/status", "/metrics" })
        {
            var reply = await RawAsync(server, $"GET {path} HTTP/1.1", host.Replace("{port}", server.Endpoint.Port.ToString()));
            Assert.Equal(421, reply.Status);
            Assert.DoesNotContain("kaya_backup", reply.Body);
        }
    }

    [Theory]
    [InlineData("127.0.0.1:{port}")]
    [InlineData("localhost:{port}")]
    [InlineData("LOCALHOST:{port}")]
    public async Task The_listen_address_and_localhost_are_accepted_as_host(string host)
    {
        await using var server = await StartAsync();
        Assert.Equal(200, (await RawAsync(server, "GET / HTTP/1.1", host.Replace("{port}", server.Endpoint.Port.ToString()))).Status);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("OPTIONS")]
    public async Task Only_GET_and_HEAD_are_answered(string method)
    {
        await using var server = await StartAsync();
        var reply = await RawAsync(server, $"{method} / HTTP/1.1", extra: "Content-Length: 0\r\n");
        Assert.Equal(405, reply.Status);
        Assert.Equal("GET, HEAD", reply.Header("Allow"));

        var head = await RawAsync(server, "HEAD /api/status HTTP/1.1");
        Assert.Equal(200, head.Status);
        Assert.Equal("", head.Body);
        Assert.True(long.Parse(head.Header("Content-Length")!) > 100);
    }

    [Fact]
    public async Task Metrics_serve_the_fleet_metrics_or_the_given_provider_s_text()
    {
        await using (var server = await StartAsync())
        {
            var reply = await RawAsync(server, "GET /metrics HTTP/1.1");
            Assert.Equal("text/plain; version=0.0.4; charset=utf-8", reply.Header("Content-Type"));
            Assert.Contains($"kaya_backup_last_success{{host=\"{DemoFleet.Failing}\"}} 0", reply.Body);
            Assert.Contains($"kaya_host_stale{{host=\"{DemoFleet.Stale}\"}} 1", reply.Body);
        }
        await using (var server = await StartAsync(new StatusServerOptions { Source = _fleet.Source, Metrics = _ => Task.FromResult("kaya_test 42\n") }))
        {
            Assert.Equal("kaya_test 42\n", (await RawAsync(server, "GET /metrics HTTP/1.1")).Body);
        }
    }

    [Fact]
    public async Task With_status_htpasswd_every_page_api_and_metrics_needs_a_user_of_that_file()
    {
        using var folder = new TempFolder();
        var file = folder.Combine("status.htpasswd");
        File.WriteAllText(file, $"viewer:{BCrypt.Net.BCrypt.HashPassword("s3cret", 5)}\n");
        await using var server = await StartAsync(new StatusServerOptions { Source = _fleet.Source, Htpasswd = file });
        foreach (var path in new[] { "/", $"/host/{DemoFleet.Ok}", "/api/status", $"/api/hosts/{DemoFleet.Ok}/runs", "/metrics" })
        {
            var anonymous = await RawAsync(server, $"GET {path} HTTP/1.1");
            Assert.Equal(401, anonymous.Status);
            Assert.StartsWith("Basic realm=\"kaya status\"", anonymous.Header("WWW-Authenticate"));
            Assert.Equal(401, (await RawAsync(server, $"GET {path} HTTP/1.1", extra: Basic("viewer", "wrong"))).Status);
            Assert.Equal(401, (await RawAsync(server, $"GET {path} HTTP/1.1", extra: Basic("nobody", "s3cret"))).Status);
            Assert.Equal(200, (await RawAsync(server, $"GET {path} HTTP/1.1", extra: Basic("viewer", "s3cret"))).Status);
        }
    }

    [Fact]
    public async Task Off_loopback_authentication_without_TLS_refuses_to_start_with_one_line()
    {
        using var folder = new TempFolder();
        var file = folder.Combine("status.htpasswd");
        File.WriteAllText(file, "viewer:{SHA}x\n");
        var e = await Assert.ThrowsAsync<ArgumentException>(() => StatusServer.StartAsync(
            new StatusServerOptions { Source = _fleet.Source, Htpasswd = file, Listen = new(IPAddress.Any, 9130) }));
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("0.0.0.0:9130", e.Message);
        Assert.Contains("TLS", e.Message);

        var missing = await Assert.ThrowsAsync<ArgumentException>(() => StartAsync(new StatusServerOptions { Source = _fleet.Source, Htpasswd = folder.Combine("none") }));
        Assert.Contains("htpasswd -B -c", missing.Message);
    }

    [Fact]
    public async Task Over_TLS_the_certificate_s_names_are_accepted_hosts_and_basic_auth_works()
    {
        using var folder = new TempFolder();
        var (cert, key) = SelfSigned(folder, "status.backup.test");
        var file = folder.Combine("status.htpasswd");
        File.WriteAllText(file, $"viewer:{BCrypt.Net.BCrypt.HashPassword("s3cret", 5)}\n");
        await using var server = await StartAsync(new StatusServerOptions { Source = _fleet.Source, Htpasswd = file, TlsCertificate = cert, TlsKey = key });
        Assert.Equal("https", server.Url.Scheme);

        using var handler = new SocketsHttpHandler
        {
            // The name resolves to the listener here; the certificate is the test's own.
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(server.Endpoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        using var client = new HttpClient(handler);
        client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("viewer:s3cret")));
        var named = await client.GetAsync($"https://status.backup.test:{server.Endpoint.Port}/api/status");
        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        var other = await client.GetAsync($"https://rebound.example.com:{server.Endpoint.Port}/api/status");
        Assert.Equal(HttpStatusCode.MisdirectedRequest, other.StatusCode);
    }

    private static (string Cert, string Key) SelfSigned(TempFolder folder, string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var (cert, key) = (folder.Combine("status.crt"), folder.Combine("status.key"));
        File.WriteAllText(cert, certificate.ExportCertificatePem());
        File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
        return (cert, key);
    }

    private static string Names(JsonElement element) => string.Join(",", element.EnumerateObject().Select(p => p.Name));

    private static string Basic(string user, string password) =>
        $"Authorization: Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"))}\r\n";

    private sealed record Reply(int Status, IReadOnlyList<(string Name, string Value)> Headers, string Body)
    {
        public string? Header(string name) => Headers.FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
    }

    /// <summary>One request as bytes on a socket, so the Host header is exactly the test's.</summary>
    private static async Task<Reply> RawAsync(StatusServer server, string requestLine, string? host = null, string extra = "")
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Endpoint);
        var stream = client.GetStream();
        var request = $"{requestLine}\r\nHost: {host ?? $"127.0.0.1:{server.Endpoint.Port}"}\r\n{extra}Connection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        var text = Encoding.UTF8.GetString(memory.ToArray());
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = text[..end].Split("\r\n");
        var headers = lines.Skip(1).Select(l => (l[..l.IndexOf(':')], l[(l.IndexOf(':') + 1)..].Trim())).ToList();
        return new Reply(int.Parse(lines[0].Split(' ')[1]), headers, text[(end + 4)..]);
    }
}
