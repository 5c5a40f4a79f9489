namespace Kaya.Tests.Serve;

/// <summary>The real restic client against the real <c>kaya serve</c>.</summary>
public class ResticThroughServeTests
{
    [Fact]
    public async Task Restic_backs_up_restores_and_checks_through_kaya_serve()
    {
        using var temp = new TempFolder();
        var work = temp.Path;
        var source = SourceTree.Generate(Path.Combine(work, "source"), seed: 1);
        await using var kaya = await KayaCli.ServeAsync("--path", Path.Combine(work, "data"), "--listen", "127.0.0.1:0", "--no-auth");
        var restic = new Restic($"rest:http://{kaya.Address}/box/");

        await restic.MustAsync("init");
        await restic.MustAsync("backup", source);
        File.WriteAllText(Path.Combine(source, "added later.txt"), "second backup");
        var second = await restic.MustAsync("backup", source);
        Assert.Contains("snapshot", second);
        var snapshots = await restic.MustAsync("snapshots", "--json");
        Assert.Equal(2, System.Text.Json.JsonDocument.Parse(snapshots).RootElement.GetArrayLength());

        var restored = Path.Combine(work, "restored");
        await restic.MustAsync("restore", "latest", "--target", restored);
        SourceTree.AssertSame(source, Path.Combine(restored, source.TrimStart('/')));
        await restic.MustAsync("check", "--read-data");

        Assert.Empty(Directory.EnumerateFiles(Path.Combine(work, "data"), "*kaya-tmp*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Append_only_private_serve_refuses_prune_and_other_users_and_loses_nothing()
    {
        using var temp = new TempFolder();
        var work = temp.Path;
        var data = Path.Combine(work, "data");
        Directory.CreateDirectory(data);
        File.WriteAllLines(Path.Combine(data, ".htpasswd"),
        [
            "alice:" + BCrypt.Net.BCrypt.HashPassword("alice-secret", 5),
            "bob:" + BCrypt.Net.BCrypt.HashPassword("bob-secret", 5),
        ]);
        var source = SourceTree.Generate(Path.Combine(work, "source"), seed: 2, bigFiles: 1, smallFiles: 50);
        await using var kaya = await KayaCli.ServeAsync("--path", data, "--listen", "127.0.0.1:0", "--append-only", "--private-repos");
        var alice = new Restic($"rest:http://alice:alice-secret@{kaya.Address}/alice/");

        await alice.MustAsync("init");
        await alice.MustAsync("backup", source);
        await alice.MustAsync("backup", source);

        var (pruneCode, _, _) = await alice.RunAsync("forget", "--keep-last", "1", "--prune");
        Assert.NotEqual(0, pruneCode);
        var snapshots = await alice.MustAsync("snapshots", "--json");
        Assert.Equal(2, System.Text.Json.JsonDocument.Parse(snapshots).RootElement.GetArrayLength());
        await alice.MustAsync("check", "--read-data");

        var bob = new Restic($"rest:http://bob:bob-secret@{kaya.Address}/alice/");
        var (bobCode, _, bobErr) = await bob.RunAsync("snapshots");
        Assert.NotEqual(0, bobCode);
        Assert.Contains("401", bobErr + "Unauthorized");
    }
}
