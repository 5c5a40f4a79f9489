using Xunit.Abstractions;

namespace Kaya.Conformance.Tests;

/// <summary>
/// The baseline against upstream rest-server, which defines it: every baseline case must pass. Runs
/// only when REST_SERVER_BIN names a rest-server binary (none is packaged for Debian); otherwise the
/// tests are reported as skipped, so a run without the binary never counts them as passes.
/// </summary>
public sealed class RestServerConformanceTests(ITestOutputHelper log)
{
    private static readonly string? Binary = Environment.GetEnvironmentVariable("REST_SERVER_BIN");

    public static TheoryData<string> Modes() => ["no-auth", "htpasswd", "append-only", "private-repos", "quota"];

    [RestServerTheory]
    [MemberData(nameof(Modes))]
    public async Task Rest_server_passes_every_baseline_case_of_its_mode(string mode)
    {
        var binary = Binary!;

        using var dir = new TempFolder();
        var data = Path.Combine(dir.Path, "data");
        Directory.CreateDirectory(data);
        const long quota = 4L << 20;
        var (flags, options) = mode switch
        {
            "no-auth" => (new[] { "--no-auth" }, (Func<Uri, ConformanceOptions>)(url => Servers.Options(url))),
            "htpasswd" => (["--htpasswd-file", await Servers.HtpasswdAsync(dir.Path)], url => Servers.Options(url, auth: true)),
            "append-only" => (["--htpasswd-file", await Servers.HtpasswdAsync(dir.Path), "--append-only"], url => Servers.Options(url, auth: true) with { AppendOnly = true }),
            "private-repos" => (["--htpasswd-file", await Servers.HtpasswdAsync(dir.Path), "--private-repos"], url => Servers.Options(url, auth: true, other: true) with { PrivateRepos = true }),
            _ => (["--no-auth", "--max-size", quota.ToString(System.Globalization.CultureInfo.InvariantCulture)], url => Servers.Options(url) with { Quota = quota }),
        };

        await using var server = await Servers.RestServerAsync(binary, data, flags);
        var summary = await Servers.RunAsync(options(server.Url), log.WriteLine);
        Assert.True(summary.Failed == 0, Servers.Failures(summary));
    }
}

/// <summary>A theory that is skipped, with the reason, when no rest-server binary is given.</summary>
public sealed class RestServerTheoryAttribute : TheoryAttribute
{
    public RestServerTheoryAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("REST_SERVER_BIN")))
            Skip = "set REST_SERVER_BIN to a rest-server 0.14.0 binary to run the baseline against it";
    }
}
