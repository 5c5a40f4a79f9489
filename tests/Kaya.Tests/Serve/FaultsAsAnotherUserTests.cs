namespace Kaya.Tests.Serve;

/// <summary>
/// Issue 11 §2 with real permissions: <c>kaya serve</c> runs as nobody over a tree where some folders
/// and files belong to root (tests run as root, where chmod denies nothing).
/// </summary>
public class FaultsAsAnotherUserTests
{
    private static readonly string Pack = "ab" + new string('1', 62);
    private static readonly string Key = new('2', 64);

    [Fact]
    public async Task Unreadable_and_undeletable_files_answer_500_never_404_empty_or_200()
    {
        using var temp = new TempFolder();
        var data = temp.Combine("data");
        var repo = Path.Combine(data, "repo");
        foreach (var dir in new[] { "data/ab", "index", "keys", "locks", "snapshots" }) Directory.CreateDirectory(Path.Combine(repo, dir));
        File.WriteAllText(Path.Combine(repo, "config"), "c");
        File.WriteAllText(Path.Combine(repo, "data", "ab", Pack), "p");
        File.WriteAllText(Path.Combine(repo, "keys", Key), "k");
        await ChownAsync("nobody:nogroup", "-R", Path.GetDirectoryName(data)!);
        // A data folder and the locks folder nobody may enter; a keys folder nobody may read but not change.
        await ChownAsync("root:root", Path.Combine(repo, "data", "ab"), Path.Combine(repo, "locks"), Path.Combine(repo, "keys"), Path.Combine(repo, "keys", Key));
        File.SetUnixFileMode(Path.Combine(repo, "data", "ab"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(Path.Combine(repo, "locks"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        // nobody has no home; the dotnet host wants one.
        await using var kaya = await ServerProcess.StartAsync("setpriv",
            ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "dotnet", KayaCli.Dll, "serve", "--path", data, "--listen", "127.0.0.1:0", "--no-auth"],
            env: new Dictionary<string, string> { ["HOME"] = "/tmp", ["DOTNET_CLI_HOME"] = "/tmp" });
        using var http = new HttpClient { BaseAddress = new Uri($"http://{kaya.Address}") };

        Assert.Equal(500, (int)(await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/repo/data/{Pack}"))).StatusCode);
        Assert.Equal(500, (int)(await http.GetAsync("/repo/data/")).StatusCode);
        Assert.Equal(500, (int)(await http.GetAsync("/repo/locks/")).StatusCode);
        Assert.Equal(500, (int)(await http.DeleteAsync($"/repo/keys/{Key}")).StatusCode);
        Assert.True(File.Exists(Path.Combine(repo, "keys", Key)));
        Assert.Equal(200, (int)(await http.GetAsync("/repo/config")).StatusCode);
        Assert.Contains("errno 13", kaya.Stderr);
    }

    private static async Task ChownAsync(params string[] args) => (await Programs.RunAsync("chown", args)).EnsureSuccess("chown");
}
