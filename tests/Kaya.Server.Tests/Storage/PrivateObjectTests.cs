using System.Text;
using Kaya.Server.Repository;
using Kaya.Server.Storage;

namespace Kaya.Server.Tests.Storage;

/// <summary>Private objects (the arrival ledger's records): written once under a dot-name, never listed as restic objects.</summary>
public sealed class PrivateObjectTests : IDisposable
{
    private static readonly RepositoryPath Repo = new(["host"]);
    private readonly TempFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_private_object_is_written_once_and_a_second_write_changes_nothing()
    {
        using var store = new FileSystemStore(_root.Path);

        var first = await store.WritePrivateAsync(Repo, ".kaya-ledger.d/one.json", Encoding.UTF8.GetBytes("first\n"), default);
        var second = await store.WritePrivateAsync(Repo, ".kaya-ledger.d/one.json", Encoding.UTF8.GetBytes("second\n"), default);

        Assert.True(first);
        Assert.False(second);
        var folder = Path.Combine(_root.Path, "host", ".kaya-ledger.d");
        Assert.Equal("first\n", File.ReadAllText(Path.Combine(folder, "one.json")));
        // No temporary left behind by the refused write.
        Assert.Equal(["one.json"], Directory.GetFiles(folder).Select(Path.GetFileName));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "one.json")));
    }

    [Theory]
    [InlineData("kaya-ledger.d/one.json")]
    [InlineData("snapshots/one")]
    [InlineData(".kaya/../snapshots/one")]
    [InlineData("/.kaya/one")]
    [InlineData(".kaya//one")]
    [InlineData(".")]
    public async Task A_name_that_is_not_a_dot_name_is_refused(string name)
    {
        using var store = new FileSystemStore(_root.Path);

        await Assert.ThrowsAsync<ArgumentException>(async () => await store.WritePrivateAsync(Repo, name, new byte[] { 1 }, default));
        Assert.False(Directory.Exists(Path.Combine(_root.Path, "host")));
    }
}
