using Xunit.Abstractions;

namespace Kaya.Conformance.Tests;

/// <summary>The suite against the real <c>kaya serve</c> process, in every mode it has cases for.</summary>
public sealed class KayaServeConformanceTests(ITestOutputHelper log)
{
    // 4 MiB: big enough for the cases that fill 60 % of it twice, small enough to stay quick.
    private const long Quota = 4L << 20;

    public static TheoryData<string, bool> Modes()
    {
        // A --kaya run also runs every baseline case, so one run per mode covers both; the baseline
        // alone runs once more to show the Kaya-only cases are really left out. (no-auth with --kaya
        // runs through the CLI in ConformanceCommandTests.)
        return new TheoryData<string, bool>
        {
            { "no-auth", false },
            { "htpasswd", true },
            { "append-only", true },
            { "private-repos", true },
            { "quota", true },
        };
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Kaya_serve_passes_every_case_of_its_mode(string mode, bool kaya)
    {
        using var dir = new TempFolder();
        var data = Path.Combine(dir.Path, "data");
        string[] flags;
        Func<Uri, ConformanceOptions> options;
        switch (mode)
        {
            case "no-auth":
                flags = ["--no-auth"];
                options = url => Servers.Options(url);
                break;
            case "htpasswd":
                flags = ["--htpasswd-file", await Servers.HtpasswdAsync(dir.Path)];
                options = url => Servers.Options(url, auth: true);
                break;
            case "append-only":
                flags = ["--htpasswd-file", await Servers.HtpasswdAsync(dir.Path), "--append-only"];
                options = url => Servers.Options(url, auth: true) with { AppendOnly = true };
                break;
            case "private-repos":
                flags = ["--htpasswd-file", await Servers.HtpasswdAsync(dir.Path), "--private-repos"];
                options = url => Servers.Options(url, auth: true, other: true) with { PrivateRepos = true };
                break;
            default:
                flags = ["--no-auth", "--max-size", Quota.ToString(System.Globalization.CultureInfo.InvariantCulture)];
                options = url => Servers.Options(url) with { Quota = Quota };
                break;
        }

        await using var server = await Servers.KayaAsync(data, flags);
        var summary = await Servers.RunAsync(options(server.Url) with { Kaya = kaya }, log.WriteLine);

        Assert.True(summary.Failed == 0, Servers.Failures(summary));
        Assert.True(summary.Outcomes.Count(o => !o.Case.KayaOnly) >= 80, $"only {summary.Outcomes.Count} cases ran");
        Assert.Equal(kaya, summary.Outcomes.Any(o => o.Case.KayaOnly));
    }

    [Fact]
    public async Task The_suite_notices_a_server_in_a_different_mode_than_it_was_told()
    {
        // An append-only server checked as a normal one: every delete the suite expects to work is refused.
        using var dir = new TempFolder();
        await using var server = await Servers.KayaAsync(Path.Combine(dir.Path, "data"), "--no-auth", "--append-only");
        var summary = await Servers.RunAsync(Servers.Options(server.Url) with { Only = ["DELETE-1", "HEAD-1", "GET-1", "RANGE-1"] }, log.WriteLine);

        var failed = summary.Outcomes.Where(o => !o.Passed).Select(o => o.Case.Id).Distinct().ToList();
        Assert.Contains("DELETE-1", failed);
        Assert.All(summary.Outcomes.Where(o => o.Case.Id is "HEAD-1" or "GET-1" or "RANGE-1"), o => Assert.True(o.Passed, o.Detail));
    }

    [Fact]
    public async Task The_suite_notices_a_server_that_does_not_verify_uploads()
    {
        using var dir = new TempFolder();
        await using var server = await Servers.KayaAsync(Path.Combine(dir.Path, "data"), "--no-auth", "--no-verify-upload");
        var summary = await Servers.RunAsync(Servers.Options(server.Url) with { Only = ["VERIFY-1"] }, log.WriteLine);

        var verify = summary.Outcomes.Where(o => o.Case.Id == "VERIFY-1" && o.Case.Description.Contains("do not hash", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, verify.Count);
        Assert.All(verify, o => Assert.False(o.Passed));
        Assert.Contains("got 200, want 400", verify[0].Detail);
    }
}
