using Xunit.Abstractions;

namespace Kaya.Conformance.Tests;

/// <summary>
/// The baseline against upstream rest-server, which defines it: every baseline case must pass. Runs
/// only when REST_SERVER_BIN names a rest-server binary (none is packaged for Debian); otherwise each
/// test returns at once and says so in its output (xunit 2 has no run-time skip).
/// </summary>
public sealed class RestServerConformanceTests(ITestOutputHelper log)
{
    private static readonly string? Binary = Environment.GetEnvironmentVariable("REST_SERVER_BIN");

    public static TheoryData<string> Modes() => ["no-auth", "htpasswd", "append-only", "private-repos", "quota"];

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Rest_server_passes_every_baseline_case_of_its_mode(string mode)
    {
        if (string.IsNullOrEmpty(Binary))
        {
            log.WriteLine("skipped: set REST_SERVER_BIN to a rest-server 0.14.0 binary to run this test");
            return;
        }

        using var dir = new TempDir();
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

        await using var server = await Servers.RestServerAsync(Binary, data, flags);
        var summary = await Servers.RunAsync(options(server.Url), log.WriteLine);
        Assert.True(summary.Failed == 0, Servers.Failures(summary));
    }
}
