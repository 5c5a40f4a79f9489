using System.Text.Json;
using Kaya.Orchestrator.Runs;

namespace Kaya.Orchestrator.Tests.Cli;

/// <summary>The <c>kaya</c> binary itself: parse errors, config errors, and one whole backup through it.</summary>
public sealed class BackupCommandTests(Sshd sshd) : IClassFixture<Sshd>, IDisposable
{
    private readonly TempFolder _folder = new();

    [Theory]
    [InlineData("")]
    [InlineData("www1")]
    [InlineData("www1 frobnicate -- /")]
    [InlineData("-x www1 backup -- /")]
    [InlineData("www1/.. backup -- /")]
    public async Task A_usage_error_exits_2(string commandLine)
    {
        var result = await KayaCli.RunAsync(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("kaya --help", result.Stderr);
    }

    [Fact]
    public async Task Serve_is_still_a_subcommand_beside_the_host_form()
    {
        var result = await KayaCli.RunAsync("serve", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("kaya serve [options]", result.Stdout);
        Assert.Contains("--append-only", result.Stdout);
    }

    [Fact]
    public async Task A_bad_config_line_exits_with_the_config_code_naming_the_line()
    {
        var config = _folder.Combine("kaya.conf");
        File.WriteAllText(config, "backup_root=/srv/kaya\nremote_prot=8777\n");

        var result = await KayaCli.RunAsync("-c", config, "www1", "backup", "--", "/");

        Assert.Equal(ExitCodes.Config, result.ExitCode);
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
        var backupRoot = Directory.CreateDirectory(_folder.Combine("backups")).FullName;
        var config = _folder.Combine("kaya.conf");
        File.WriteAllText(config, $"""
            backup_root={backupRoot}/   # as the original wrote it
            local_port=8000
            remote_port=0
            ssh_port={sshd.Port}
            ssh_identity={sshd.ClientKey}
            ssh_known_hosts={knownHosts}
            """);

        var result = await KayaCli.RunAsync("-c", config, "-u", sshd.User, "127.0.0.1", "backup", "--", source);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("127.0.0.1: snapshot ", result.Stdout);
        var repository = Path.Combine(backupRoot, "127.0.0.1");
        var snapshots = await Restic.WithPasswordFile(repository, Path.Combine(repository, RepositoryPassword.FileName)).RunAsync("snapshots", "--json");
        Assert.Single(JsonDocument.Parse(snapshots.Stdout).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task A_mistyped_option_is_named_with_the_option_it_resembles()
    {
        var result = await KayaCli.RunAsync("--cofig", "/tmp/x", "www1", "backup", "--", "/");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("kaya: unknown option --cofig (did you mean --config?)\nTry 'kaya --help'.\n", result.Stderr);
    }

    [Fact]
    public async Task A_backup_without_restic_arguments_or_restic_args_in_hosts_d_is_a_usage_error()
    {
        var hosts = Directory.CreateDirectory(_folder.Combine("hosts.d")).FullName;
        var config = _folder.Combine("kaya.conf");
        File.WriteAllText(config, $"backup_root={_folder.Path}\nhosts_dir={hosts}\n");

        var result = await KayaCli.RunAsync("-c", config, "www1", "backup");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"kaya: www1 backup: no restic arguments: say what to back up after --, e.g. kaya www1 backup -- /, or give restic_args in {hosts}/www1.conf\nTry 'kaya --help'.\n", result.Stderr);
    }

    [Fact]
    public async Task A_missing_backup_root_exits_23_with_the_mkdir_command_and_is_not_created()
    {
        var backupRoot = _folder.Combine("not-mounted");
        var config = _folder.Combine("kaya.conf");
        File.WriteAllText(config, $"backup_root={backupRoot}\n");

        var result = await KayaCli.RunAsync("-c", config, "www1", "backup", "--", "/");

        Assert.Equal(23, result.ExitCode);
        Assert.Equal(
            $"kaya: backup_root {backupRoot} does not exist; if it lives on a volume, that volume may not be mounted: mount it; " +
            $"if this is a new setup, create it: mkdir -p -m 0700 {backupRoot}\n",
            result.Stderr);
        Assert.False(Directory.Exists(backupRoot));
    }

    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("INT", 130)]
    public async Task A_run_stopped_by_a_signal_exits_128_plus_its_number(string signal, int expected)
    {
        // A "target" that accepts the connection and never says a word: ssh waits for its banner.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var backupRoot = Directory.CreateDirectory(_folder.Combine("backups")).FullName;
        var config = _folder.Combine("kaya.conf");
        File.WriteAllText(config, $"backup_root={backupRoot}\nssh_port={((System.Net.IPEndPoint)silent.LocalEndpoint).Port}\nssh_known_hosts={_folder.Combine("known_hosts")}\nremote_port=0\n");
        var info = new System.Diagnostics.ProcessStartInfo("env") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in KayaCli.WithSigintRestored("-c", config, "127.0.0.1", "backup", "--", "/")) info.ArgumentList.Add(a);
        using var kaya = System.Diagnostics.Process.Start(info)!;
        var stderr = kaya.StandardError.ReadToEndAsync();

        using var connection = await silent.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, (await Programs.RunAsync("kill", [$"-{signal}", kaya.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])).ExitCode);
        await kaya.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(expected, kaya.ExitCode);
        Assert.Contains("kaya: 127.0.0.1: interrupted", await stderr);
        Assert.False(Directory.Exists(Path.Combine(backupRoot, "127.0.0.1")));
    }

    [Theory]
    [InlineData("TERM", "openssh", 143)]
    [InlineData("INT", "openssh", 130)]
    [InlineData("TERM", "sshnet", 143)]
    [InlineData("INT", "sshnet", 130)]
    public async Task A_signal_mid_backup_has_the_targets_restic_remove_its_lock_before_kaya_exits_128_plus_its_number(string signal, string transport, int expected)
    {
        var source = Directory.CreateDirectory(_folder.Combine("source")).FullName;
        File.WriteAllBytes(Path.Combine(source, "file.bin"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(2 * 1024 * 1024));
        var knownHosts = _folder.Combine("known_hosts");
        File.WriteAllText(knownHosts, sshd.KnownHostsLine + "\n");
        var backupRoot = Directory.CreateDirectory(_folder.Combine("backups")).FullName;
        var config = _folder.Combine("kaya.conf");
        File.WriteAllText(config, $"backup_root={backupRoot}\nremote_port=0\nssh_port={sshd.Port}\nssh_identity={sshd.ClientKey}\nssh_known_hosts={knownHosts}\nssh_transport={transport}\n");
        var info = new System.Diagnostics.ProcessStartInfo("env") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in KayaCli.WithSigintRestored("-c", config, "-u", sshd.User, "127.0.0.1", "backup", "--", "--limit-upload", "256", source)) info.ArgumentList.Add(a);
        using var kaya = System.Diagnostics.Process.Start(info)!;
        var stderr = kaya.StandardError.ReadToEndAsync();
        kaya.BeginOutputReadLine();
        // restic 0.14 knows its lock (to remove it on SIGINT) a moment after it creates it: wait for the lock object on
        // the backup host, then a little more; the upload (2 MiB at 256 KiB/s) still has seconds to go.
        var repository = Path.Combine(backupRoot, "127.0.0.1");
        var locks = Path.Combine(repository, "locks");
        for (var waited = 0; !(Directory.Exists(locks) && Directory.EnumerateFiles(locks).Any()); waited += 20)
        {
            if (kaya.HasExited) Assert.Fail($"kaya ended before restic took its lock: {await stderr}");
            Assert.True(waited < 60_000, "restic did not take its lock within a minute");
            await Task.Delay(20);
        }
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(kaya.HasExited, "the backup ended before it could be interrupted");

        // SIGINT as Ctrl-C on a terminal sends it: to kaya and its children (the ssh client) alike; SIGTERM to kaya alone, as systemd's KillMode=mixed.
        var targets = signal == "INT" ? [kaya.Id, .. ProcFs.ChildrenOf(kaya.Id)] : new[] { kaya.Id };
        Assert.Equal(0, (await Programs.RunAsync("kill", [$"-{signal}", .. targets.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture))])).ExitCode);
        await kaya.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(expected, kaya.ExitCode);
        var errors = await stderr;
        Assert.Contains("kaya: 127.0.0.1: interrupted", errors);
        Assert.DoesNotContain("the server removed", errors);
        Assert.Empty(Directory.EnumerateFiles(locks));
        await Restic.WithPasswordFile(repository, Path.Combine(repository, RepositoryPassword.FileName)).MustAsync("check");
    }

    public void Dispose() => _folder.Dispose();
}
