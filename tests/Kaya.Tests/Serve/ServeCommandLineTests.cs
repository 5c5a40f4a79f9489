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
    public async Task A_taken_port_is_one_line_naming_the_address()
    {
        var work = new TempFolder().Path;
        await using var first = await KayaCli.ServeAsync("--path", work, "--listen", "127.0.0.1:0", "--no-auth");

        var (code, _, stderr) = await KayaCli.RunAsync("serve", "--path", work, "--listen", first.Address, "--no-auth");

        Assert.Equal(1, code);
        Assert.Equal($"kaya serve: cannot listen on {first.Address}: address already in use\n", stderr);
    }

    [Fact]
    public async Task An_address_the_machine_does_not_have_is_one_line()
    {
        var (code, _, stderr) = await KayaCli.RunAsync("serve", "--path", new TempFolder().Path, "--listen", "10.9.9.9:8000", "--no-auth");

        Assert.Equal(1, code);
        Assert.Equal("kaya serve: cannot listen on 10.9.9.9:8000: this machine has no such address (see ip -brief address)\n", stderr);
    }

    [Fact]
    public async Task A_unix_socket_in_a_missing_folder_names_the_folder()
    {
        var (code, _, stderr) = await KayaCli.RunAsync("serve", "--path", new TempFolder().Path, "--listen", "unix:/no/such/dir/s.sock", "--no-auth");

        Assert.Equal(1, code);
        Assert.Equal("kaya serve: cannot listen on unix:/no/such/dir/s.sock: folder /no/such/dir does not exist; create it (mkdir -p /no/such/dir) or choose another path\n", stderr);
    }

    [Fact]
    public async Task A_mistyped_serve_option_suggests_the_right_one_and_serve_help()
    {
        var (code, _, stderr) = await KayaCli.RunAsync("serve", "--pth", "/tmp/x");

        Assert.Equal(2, code);
        Assert.Equal("kaya serve: unknown option --pth (did you mean --path?)\nTry 'kaya serve --help'.\n", stderr);
    }

    [Fact]
    public async Task A_path_the_server_cannot_write_is_refused_at_start()
    {
        // Tests run as root, which no mode bits stop: the server runs as nobody over a root-owned folder.
        var work = new TempFolder().Path;
        File.SetUnixFileMode(work, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var info = new System.Diagnostics.ProcessStartInfo("setpriv") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "dotnet", KayaCli.Dll, "serve", "--path", work, "--listen", "127.0.0.1:0", "--no-auth" }) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        info.Environment["HOME"] = Path.GetTempPath();
        using var kaya = System.Diagnostics.Process.Start(info)!;
        var stderr = kaya.StandardError.ReadToEndAsync();
        await kaya.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, kaya.ExitCode);
        Assert.Equal($"kaya serve: cannot write to --path {work}: permission denied; kaya serve runs as nobody: give it the folder (chown -R nobody {work}) or choose another --path\n", await stderr);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(2)]
    public async Task A_graceful_stop_by_sigterm_or_sigint_exits_0(int signal)
    {
        await using var kaya = await ServerProcess.StartAsync("env", KayaCli.WithSigintRestored("serve", "--path", new TempFolder().Path, "--listen", "127.0.0.1:0", "--no-auth"));

        Assert.Equal(0, await kaya.SignalAsync(signal));
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
