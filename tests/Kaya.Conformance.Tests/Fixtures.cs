namespace Kaya.Conformance.Tests;

/// <summary>Starting the servers the suite is proven against.</summary>
internal static class Servers
{
    public const string User = "alice", Password = "alice-secret", Other = "bob", OtherPassword = "bob-secret";

    /// <summary>The kaya built next to this test assembly (the test project references src/Kaya).</summary>
    public static Task<ServerProcess> KayaAsync(string data, params string[] flags) =>
        KayaCli.ServeAsync(["--path", data, "--listen", "127.0.0.1:0", .. flags]);

    /// <summary>Debian's rclone (1.60) serving restic on a free loopback port.</summary>
    public static Task<ServerProcess> RcloneAsync(string data, params string[] flags) =>
        ServerProcess.StartAsync("rclone", ["serve", "restic", "--addr", $"127.0.0.1:{FreePort.Pick()}", "--config", "/dev/null", data, .. flags], ServerProcess.RcloneLine());

    /// <summary>An upstream rest-server binary (REST_SERVER_BIN), when one is available.</summary>
    public static Task<ServerProcess> RestServerAsync(string binary, string data, params string[] flags) =>
        ServerProcess.StartAsync(binary, ["--path", data, "--listen", "127.0.0.1:0", .. flags]);

    /// <summary>An htpasswd file with bcrypt entries for both test users, made by Apache's htpasswd.</summary>
    public static async Task<string> HtpasswdAsync(string dir)
    {
        var file = System.IO.Path.Combine(dir, ".htpasswd");
        (await Programs.RunAsync("htpasswd", ["-B", "-b", "-c", file, User, Password])).EnsureSuccess("htpasswd");
        (await Programs.RunAsync("htpasswd", ["-B", "-b", file, Other, OtherPassword])).EnsureSuccess("htpasswd");
        return file;
    }

    public static ConformanceOptions Options(Uri url, bool auth = false, bool other = false) => new()
    {
        BaseUrl = url,
        User = auth ? User : null,
        Password = auth ? Password : null,
        OtherUser = other ? Other : null,
        OtherPassword = other ? OtherPassword : null,
    };

    public static async Task<RunSummary> RunAsync(ConformanceOptions options, Action<string>? log = null)
    {
        var output = new StringWriter();
        var summary = await ConformanceRunner.RunAsync(options, output, CancellationToken.None);
        log?.Invoke(output.ToString());
        return summary;
    }

    public static string Failures(RunSummary summary) =>
        string.Join("\n", summary.Outcomes.Where(o => !o.Passed).Select(o => $"FAIL {o.Case.Id} {o.Case.Description}: {o.Detail}"));
}
