using System.Text.Json;
using Kaya.Orchestrator.Runs;
using Kaya.Orchestrator.Tests.Support;

namespace Kaya.Orchestrator.Tests.Cli;

/// <summary>The <c>kaya</c> binary itself: parse errors, config errors, and one whole backup through it.</summary>
public sealed class BackupCommandTests(Sshd sshd) : IClassFixture<Sshd>, IDisposable
{
    private readonly TempFolder _folder = new();

    private static Task<Programs.Result> KayaAsync(params string[] args) =>
        Programs.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "kaya.dll"), .. args]);

    [Theory]
    [InlineData("")]
    [InlineData("www1")]
    [InlineData("www1 frobnicate -- /")]
    [InlineData("-x www1 backup -- /")]
    [InlineData("www1/.. backup -- /")]
    public async Task A_usage_error_exits_2(string commandLine)
    {
        var result = await KayaAsync(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("kaya --help", result.Stderr);
    }

    [Fact]
    public async Task Serve_is_still_a_subcommand_beside_the_host_form()
    {
        var result = await KayaAsync("serve", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("kaya serve [options]", result.Stdout);
        Assert.Contains("--append-only", result.Stdout);
    }

    [Fact]
    public async Task A_bad_config_line_exits_with_the_config_code_naming_the_line()
    {
        var config = _folder.Combine("kaya.conf");
        File.WriteAllText(config, "backup_root=/srv/kaya\nremote_prot=8777\n");

        var result = await KayaAsync("-c", config, "www1", "backup", "--", "/");

        Assert.Equal(BackupExitCodes.Config, result.ExitCode);
        Assert.Contains($"{config}:2: unknown key \"remote_prot\"", result.Stderr);
    }

    [Fact]
    public async Task A_backup_through_the_cli_exits_0_and_prefixes_restics_lines_with_the_host()
    {
        var source = _folder.Combine("source");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "a.txt"), "through the command line");
        var knownHosts = _folder.Combine("known_hosts");
        File.WriteAllText(knownHosts, sshd.KnownHostsLine + "\n");
        var backupRoot = _folder.Combine("backups");
        var config = _folder.Combine("kaya.conf");
        File.WriteAllText(config, $"""
            backup_root={backupRoot}/   # as the original wrote it
            local_port=8000
            remote_port=0
            ssh_port={sshd.Port}
            ssh_identity={sshd.ClientKey}
            ssh_known_hosts={knownHosts}
            """);

        var result = await KayaAsync("-c", config, "-u", sshd.User, "127.0.0.1", "backup", "--", source);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("127.0.0.1: snapshot ", result.Stdout);
        var snapshots = await Programs.ResticAsync(Path.Combine(backupRoot, "127.0.0.1"), "snapshots", "--json");
        Assert.Single(JsonDocument.Parse(snapshots.Stdout).RootElement.EnumerateArray());
    }

    public void Dispose() => _folder.Dispose();
}
