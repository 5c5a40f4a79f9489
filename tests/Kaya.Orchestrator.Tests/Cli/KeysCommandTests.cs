using Kaya.Orchestrator.Runs;

namespace Kaya.Orchestrator.Tests.Cli;

/// <summary>kaya keys export: passwords to a file or a pipe, never to a terminal.</summary>
public sealed class KeysCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Setup()
    {
        var root = Directory.CreateDirectory(_folder.Combine("backups")).FullName;
        foreach (var host in new[] { "www2", "www1" }) RepositoryPassword.Ensure(Path.Combine(root, host), repositoryExists: false);
        Directory.CreateDirectory(Path.Combine(root, ".kaya"));
        var config = _folder.Combine("kaya.conf");
        File.WriteAllText(config, $"backup_root={root}\n");
        return config;
    }

    private string Password(string host) => File.ReadAllText(Path.Combine(_folder.Combine("backups"), host, RepositoryPassword.FileName)).TrimEnd('\n');

    [Fact]
    public async Task Export_with_a_missing_backup_root_exits_23_with_the_mount_hint()
    {
        var missing = _folder.Combine("not-mounted");
        var config = _folder.Combine("kaya.conf");
        File.WriteAllText(config, $"backup_root={missing}\n");

        var result = await KayaCli.RunAsync("keys", "export", "-c", config);

        Assert.Equal(23, result.ExitCode);
        Assert.Contains($"backup_root {missing} does not exist", result.Stderr);
        Assert.Contains("mkdir -p -m 0700", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Export_to_a_pipe_prints_one_host_tab_password_line_per_host()
    {
        var config = Setup();

        var all = await KayaCli.RunAsync("keys", "export", "-c", config);
        var one = await KayaCli.RunAsync("keys", "export", "-c", config, "www2");

        Assert.True(all.ExitCode == 0, all.Stderr);
        Assert.Equal($"www1\t{Password("www1")}\nwww2\t{Password("www2")}\n", all.Stdout);
        Assert.Equal($"www2\t{Password("www2")}\n", one.Stdout);
    }

    [Fact]
    public async Task Export_to_a_terminal_is_refused_with_exit_2_and_prints_no_password()
    {
        var config = Setup();
        // script gives kaya a pseudo-terminal as its standard output; -e passes its exit code on.
        var command = string.Join(' ', new[] { "dotnet", KayaCli.Dll, "keys", "export", "-c", config }.Select(w => "'" + w + "'"));

        var result = await Programs.RunAsync("script", ["-qec", command, "/dev/null"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("refusing to print repository passwords on a terminal: redirect them to a file or encrypt them", result.Stdout + result.Stderr);
        Assert.DoesNotContain(Password("www1"), result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Export_of_a_host_without_a_password_file_fails_and_prints_nothing()
    {
        var config = Setup();

        var result = await KayaCli.RunAsync("keys", "export", "-c", config, "www1", "www3");

        Assert.Equal(ExitCodes.Config, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("www3:", result.Stderr);
    }
}
