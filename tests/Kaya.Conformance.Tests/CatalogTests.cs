using System.Text.RegularExpressions;

namespace Kaya.Conformance.Tests;

public sealed partial class CatalogTests
{
    // The rule families of protocol-spec/README.md; a case citing anything else cites nothing.
    private static readonly string[] Families =
        ["PATH", "CREATE", "HEAD", "GET", "DELETE", "METHOD", "STATUS", "SUCCESS", "ORDER", "HEADER", "LIST", "RANGE", "UPLOAD", "VERIFY", "NOOVERWRITE", "APPEND", "PRIV", "AUTH", "QUOTA"];

    [GeneratedRegex(@"^(?<family>[A-Z]+)-[1-9][0-9]*$")]
    private static partial Regex IdPattern();

    [Fact]
    public void Every_case_cites_a_rule_id_of_a_known_family_and_describes_itself()
    {
        foreach (var c in Catalog.All())
        {
            var m = IdPattern().Match(c.Id);
            Assert.True(m.Success, $"{c.Id} is not a rule id");
            Assert.Contains(m.Groups["family"].Value, Families);
            Assert.False(string.IsNullOrWhiteSpace(c.Description));
        }
    }

    [Fact]
    public void The_baseline_has_at_least_80_cases_and_covers_every_mode()
    {
        var baseline = Catalog.All().Where(c => !c.KayaOnly).ToList();
        Assert.True(baseline.Count >= 80, $"{baseline.Count} baseline cases");
        foreach (var needs in new[] { Needs.Auth, Needs.NoAuth, Needs.AppendOnly, Needs.Deletes, Needs.Private, Needs.OtherUser, Needs.Quota })
        {
            Assert.Contains(baseline, c => c.Needs.HasFlag(needs));
        }
    }

    [Fact]
    public void No_two_cases_share_a_description()
    {
        var duplicates = Catalog.All().GroupBy(c => c.Description).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Kaya_only_cases_run_only_with_the_kaya_option()
    {
        var options = new ConformanceOptions { BaseUrl = new Uri("http://127.0.0.1:1/") };
        var kayaOnly = Catalog.All().Where(c => c.KayaOnly).ToList();
        Assert.NotEmpty(kayaOnly);
        Assert.All(kayaOnly, c => Assert.False(c.AppliesTo(options)));
        Assert.Contains(kayaOnly, c => c.AppliesTo(options with { Kaya = true }));
    }

    [Theory]
    [InlineData("ftp://host/", null, null, false)]
    [InlineData("http://127.0.0.1:8000/", "alice", null, false)]
    [InlineData("http://127.0.0.1:8000/", null, null, true)]
    public void Inconsistent_options_are_explained(string url, string? user, string? password, bool privateRepos)
    {
        var options = new ConformanceOptions { BaseUrl = new Uri(url), User = user, Password = password, PrivateRepos = privateRepos };
        Assert.NotNull(options.Validate());
    }
}
