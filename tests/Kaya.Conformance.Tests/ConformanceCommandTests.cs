namespace Kaya.Conformance.Tests;

/// <summary><c>kaya conformance</c> as a user runs it: output lines and exit codes.</summary>
public sealed class ConformanceCommandTests
{
    [Theory]
    [InlineData("not-a-url")]
    [InlineData("http://127.0.0.1:8000/ --private-repos")]
    [InlineData("http://127.0.0.1:8000/ --user alice")]
    [InlineData("http://127.0.0.1:8000/ --quota lots")]
    public async Task Usage_errors_exit_with_2(string args)
    {
        var (code, _, err) = await KayaCli.RunAsync(["conformance", .. args.Split(' ')]);
        Assert.Equal(2, code);
        Assert.Contains("kaya conformance:", err);
    }

    [Fact]
    public async Task A_conforming_server_gets_one_PASS_line_per_case_a_summary_and_exit_0()
    {
        using var dir = new TempFolder();
        await using var server = await Servers.KayaAsync(Path.Combine(dir.Path, "data"), "--no-auth");
        var (code, output, _) = await KayaCli.RunAsync(["conformance", server.Url.ToString(), "--kaya"]);

        var lines = output.TrimEnd().Split('\n');
        Assert.Equal(0, code);
        Assert.Matches(@"^\d+ passed, 0 failed$", lines[^1]);
        Assert.All(lines[..^1], l => Assert.Matches(@"^PASS [A-Z]+-\d+ \S", l));
    }

    [Fact]
    public async Task A_failing_case_prints_FAIL_with_the_status_it_got_and_exits_1()
    {
        // Told "append-only" about a server that deletes: the append-only cases get 200 instead of 403.
        using var dir = new TempFolder();
        await using var server = await Servers.KayaAsync(Path.Combine(dir.Path, "data"), "--no-auth");
        var (code, output, _) = await KayaCli.RunAsync(["conformance", server.Url.ToString(), "--append-only", "--only", "APPEND-2,CREATE"]);

        Assert.Equal(1, code);
        Assert.Contains("FAIL APPEND-2 append-only: DELETE config answers 403 and the config stays: got 200, want 403", output);
        Assert.Contains("PASS CREATE-1 creating a repository is allowed in append-only mode", output);
        Assert.DoesNotContain("RANGE-", output);
        Assert.Contains("PASS CREATE-1 creating a repository is allowed in append-only mode", output);
        Assert.DoesNotContain("RANGE-", output);
        Assert.Matches(@"\d+ passed, [1-9]\d* failed\n?$", output);
    }
}
