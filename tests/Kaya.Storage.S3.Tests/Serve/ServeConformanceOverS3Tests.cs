using Kaya.Conformance;
using Kaya.Storage.S3.Tests.Support;
using Xunit.Abstractions;

namespace Kaya.Storage.S3.Tests.Serve;

/// <summary>
/// The whole conformance suite, Kaya's own cases included, against <c>kaya serve --storage s3://…</c> on
/// RGW, in every mode the file-system conformance tests run.
/// </summary>
[Collection(CephCollection.Name)]
public sealed class ServeConformanceOverS3Tests(CephCluster cluster, ITestOutputHelper log)
{
    private const string User = "alice", Password = "alice-secret", Other = "bob", OtherPassword = "bob-secret";

    // 4 MiB, as the file-system quota mode: the cases fill 60 % of it twice.
    private const long Quota = 4L << 20;

    [Theory]
    [InlineData("no-auth")]
    [InlineData("htpasswd")]
    [InlineData("append-only")]
    [InlineData("private-repos")]
    [InlineData("quota")]
    public async Task Kaya_serve_over_a_bucket_passes_every_case_of_its_mode(string mode)
    {
        using var bucket = await TestBucket.CreateAsync(cluster);
        using var local = new TempFolder();
        var url = (Uri u) => new ConformanceOptions { BaseUrl = u, Kaya = true };
        var auth = (Uri u) => url(u) with { User = User, Password = Password };
        (string[] Flags, Func<Uri, ConformanceOptions> Options) setup = mode switch
        {
            "no-auth" => (["--no-auth"], url),
            "htpasswd" => (["--htpasswd-file", await HtpasswdAsync(local)], auth),
            "append-only" => (["--htpasswd-file", await HtpasswdAsync(local), "--append-only"], u => auth(u) with { AppendOnly = true }),
            "private-repos" => (["--htpasswd-file", await HtpasswdAsync(local), "--private-repos"],
                u => auth(u) with { PrivateRepos = true, OtherUser = Other, OtherPassword = OtherPassword }),
            _ => (["--no-auth", "--max-size", Quota.ToString(System.Globalization.CultureInfo.InvariantCulture)], u => url(u) with { Quota = Quota }),
        };

        await using var server = await bucket.ServeAsync(local.Path, setup.Flags);
        var output = new StringWriter();
        var summary = await ConformanceRunner.RunAsync(setup.Options(server.Url), output, CancellationToken.None);

        log.WriteLine(output.ToString());

        var failures = string.Join("\n", summary.Outcomes.Where(o => !o.Passed).Select(o => $"FAIL {o.Case.Id} {o.Case.Description}: {o.Detail}"));
        Assert.True(summary.Failed == 0, failures + "\n" + server.Output);
        Assert.True(summary.Outcomes.Count(o => !o.Case.KayaOnly) >= 80, $"only {summary.Outcomes.Count} cases ran");
        Assert.Contains(summary.Outcomes, o => o.Case.KayaOnly);
        // The repositories really are in the bucket, not under the local path.
        Assert.Contains(await bucket.AllKeysAsync(), k => k.StartsWith("backups/", StringComparison.Ordinal));
    }

    private static async Task<string> HtpasswdAsync(TempFolder dir)
    {
        var file = dir.Combine(".htpasswd");
        (await Programs.RunAsync("htpasswd", ["-B", "-b", "-c", file, User, Password])).EnsureSuccess("htpasswd");
        (await Programs.RunAsync("htpasswd", ["-B", "-b", file, Other, OtherPassword])).EnsureSuccess("htpasswd");
        return file;
    }
}
