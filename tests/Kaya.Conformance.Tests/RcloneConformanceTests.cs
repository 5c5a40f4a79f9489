using Xunit.Abstractions;

namespace Kaya.Conformance.Tests;

/// <summary>
/// The baseline against Debian's rclone 1.60 (<c>rclone serve restic</c>): the suite must find rclone's
/// known deviations from rest-server and pass where rclone does what restic needs.
/// </summary>
public sealed class RcloneConformanceTests(ITestOutputHelper log)
{
    [Fact]
    public async Task Rclone_fails_where_it_deviates_and_passes_the_core_cases()
    {
        using var dir = new TempFolder();
        await using var server = await Servers.RcloneAsync(dir.Path);
        var summary = await Servers.RunAsync(Servers.Options(server.Url), log.WriteLine);

        // rclone 1.60 stores bytes that do not hash to their name, overwrites, answers 206 past the end,
        // lists only v2, lists missing repositories, answers 404 to DELETE of a missing file, sends Server: rclone/…
        foreach (var id in new[] { "VERIFY-1", "NOOVERWRITE-1", "RANGE-3", "LIST-1", "LIST-4", "DELETE-1", "HEADER-1", "PATH-3", "PATH-4", "PATH-5", "UPLOAD-3" })
        {
            Assert.True(summary.Outcomes.Any(o => o.Case.Id == id && !o.Passed), $"no {id} case failed against rclone");
        }
        Assert.Contains(summary.Outcomes, o => o.Case.Id == "VERIFY-1" && o.Detail == "got 200, want 400");
        Assert.Contains(summary.Outcomes, o => o.Case.Id == "RANGE-3" && o.Detail == "got 206, want 416");

        // What restic's backup and restore paths need works in rclone.
        foreach (var id in new[] { "CREATE-1", "CREATE-2", "HEAD-1", "GET-1", "RANGE-1", "RANGE-2", "UPLOAD-4", "SUCCESS-1", "LIST-6" })
        {
            var cases = summary.Outcomes.Where(o => o.Case.Id == id).ToList();
            Assert.NotEmpty(cases);
            Assert.All(cases, o => Assert.True(o.Passed, $"{id} {o.Case.Description}: {o.Detail}"));
        }
        Assert.All(summary.Outcomes.Where(o => o.Case.Id == "LIST-7" && o.Case.Description.Contains("(v2)", StringComparison.Ordinal)),
            o => Assert.True(o.Passed, o.Detail));
    }

    [Fact]
    public async Task Rclone_append_only_refuses_deletes_as_the_protocol_says()
    {
        using var dir = new TempFolder();
        await using var server = await Servers.RcloneAsync(dir.Path, "--append-only");
        var summary = await Servers.RunAsync(Servers.Options(server.Url) with { AppendOnly = true }, log.WriteLine);

        var append = summary.Outcomes.Where(o => o.Case.Id.StartsWith("APPEND-", StringComparison.Ordinal)).ToList();
        Assert.True(append.Count >= 10, $"{append.Count} append-only cases ran");
        Assert.All(append, o => Assert.True(o.Passed, $"{o.Case.Id} {o.Case.Description}: {o.Detail}"));
        Assert.Contains(summary.Outcomes, o => o.Case.Id == "VERIFY-1" && !o.Passed);
    }

    [Fact]
    public async Task Rclone_private_repos_refuse_with_403_where_rest_server_answers_401()
    {
        using var dir = new TempFolder();
        var htpasswd = await Servers.HtpasswdAsync(dir.Path);
        await using var server = await Servers.RcloneAsync(Path.Combine(dir.Path, "data"), "--htpasswd", htpasswd, "--private-repos");
        var summary = await Servers.RunAsync(Servers.Options(server.Url, auth: true, other: true) with { PrivateRepos = true }, log.WriteLine);

        var priv = summary.Outcomes.Where(o => o.Case.Id == "PRIV-1").ToList();
        Assert.Contains(priv, o => o.Passed && o.Case.Description.StartsWith("the user's own /USER/NAME/", StringComparison.Ordinal));
        Assert.Contains(priv, o => !o.Passed && o.Case.Description.StartsWith("another user cannot read", StringComparison.Ordinal) && o.Detail!.Contains("got 403", StringComparison.Ordinal));
        Assert.All(summary.Outcomes.Where(o => o.Case.Id == "AUTH-1"), o => Assert.True(o.Passed, $"{o.Case.Description}: {o.Detail}"));
    }

    [Fact]
    public async Task Rclone_with_one_user_refuses_every_request_without_valid_credentials()
    {
        using var dir = new TempFolder();
        await using var server = await Servers.RcloneAsync(dir.Path, "--user", Servers.User, "--pass", Servers.Password);
        var summary = await Servers.RunAsync(Servers.Options(server.Url, auth: true), log.WriteLine);

        var auth = summary.Outcomes.Where(o => o.Case.Id is "AUTH-1" or "ORDER-1").ToList();
        Assert.True(auth.Count >= 10, $"{auth.Count} authentication cases ran");
        Assert.All(auth, o => Assert.True(o.Passed, $"{o.Case.Id} {o.Case.Description}: {o.Detail}"));
    }
}
