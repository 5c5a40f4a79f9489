namespace Kaya.Tests.Serve;

public class ServeCommandLineTests
{
    [Theory]
    [InlineData("serve", "--listen", "nonsense")]
    [InlineData("serve", "--max-size", "lots")]
    [InlineData("serve", "--tls-cert", "/x.pem")]
    [InlineData("serve", "--no-such-flag")]
    [InlineData("serve", "extra-positional")]
    public async Task Bad_serve_arguments_exit_2_with_a_reason(params string[] args)
    {
        var (code, _, stderr) = await KayaCli.RunAsync(args);
        Assert.Equal(2, code);
        Assert.Contains("kaya", stderr);
    }

    [Fact]
    public async Task A_missing_htpasswd_file_is_an_error_naming_it_and_the_way_out()
    {
        using var temp = new TempFolder();
        var work = temp.Path;
        var (code, _, stderr) = await KayaCli.RunAsync("serve", "--path", work, "--listen", "127.0.0.1:0");
        Assert.Equal(1, code);
        Assert.Contains(Path.Combine(work, ".htpasswd"), stderr);
        Assert.Contains("--no-auth", stderr);
    }

    [Fact]
    public async Task A_non_loopback_listener_without_tls_warns()
    {
        using var temp = new TempFolder();
        var work = temp.Path;
        await using var kaya = await KayaCli.ServeAsync("--path", work, "--listen", "0.0.0.0:0", "--no-auth");
        Assert.Contains("without TLS", kaya.Stderr);
    }

    [Fact]
    public async Task The_access_log_has_combined_format_lines()
    {
        using var temp = new TempFolder();
        var work = temp.Path;
        var log = Path.Combine(work, "access.log");
        await using (var kaya = await KayaCli.ServeAsync("--path", work, "--listen", "127.0.0.1:0", "--no-auth", "--log", log))
        {
            using var http = new HttpClient();
            await http.GetAsync($"http://{kaya.Address}/repo/config");
            await kaya.TerminateAsync();
        }
        var line = File.ReadAllLines(log).Single();
        Assert.Matches(@"^127\.0\.0\.1 - - \[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] ""GET /repo/config HTTP/1\.1"" 404 \d+ """" """"$", line);
    }
}
