namespace Kaya.Orchestrator.Tests.Lifecycle;

/// <summary>
/// <c>kaya scrub</c> run as nobody (setpriv) over a repository copy nobody owns, with one pack chmod 000: tests run
/// as root, where chmod denies nothing, so the unreadable file needs another user to be unreadable (issue 10).
/// </summary>
public sealed class ScrubAsAnotherUserTests(ScrubRepository template) : IClassFixture<ScrubRepository>, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_pack_its_user_cannot_read_is_reported_once_as_unreadable_with_EACCES_and_exits_1()
    {
        var backupRoot = Directory.CreateDirectory(_folder.Combine("root")).FullName;
        var into = new TempFolder();
        Directory.Move(template.CopyTo(into), Path.Combine(backupRoot, "www1"));
        into.Dispose();
        var repository = Path.Combine(backupRoot, "www1");
        var hosts = Directory.CreateDirectory(_folder.Combine("hosts.d")).FullName;
        var config = _folder.Combine("kaya.conf");
        File.WriteAllText(config, $"backup_root={backupRoot}\nhosts_dir={hosts}\n# no limit worth waiting for in a test\nscrub_rate=1G\n");
        (await Programs.RunAsync("chown", ["-R", "nobody:nogroup", _folder.Path])).EnsureSuccess("chown");
        var pack = Directory.EnumerateFiles(Path.Combine(repository, "data"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        File.SetUnixFileMode(pack, UnixFileMode.None);

        // nobody has no home; the dotnet host wants one.
        var result = await Programs.RunAsync("setpriv",
            ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "dotnet", KayaCli.Dll, "scrub", "-c", config, "www1"],
            new Dictionary<string, string> { ["HOME"] = "/tmp", ["DOTNET_CLI_HOME"] = "/tmp" });

        Assert.True(result.ExitCode == 1, result.Stdout + result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"www1: unreadable {Path.GetRelativePath(repository, pack)}: ", lines[0]);
        Assert.EndsWith("(errno 13)", lines[0]);
        Assert.EndsWith(": 1 problem (0 corrupt)", lines[1]);
    }
}
