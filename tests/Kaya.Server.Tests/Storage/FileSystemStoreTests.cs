using Kaya.Server.Protocol;
using Kaya.Server.Storage;

namespace Kaya.Server.Tests.Storage;

public class FileSystemStoreTests
{
    private static readonly RepositoryPath Repo = new(["host"]);

    [Fact]
    public async Task An_upload_is_invisible_until_committed()
    {
        var store = new FileSystemStore(TempDir.Create());
        await store.CreateRepositoryAsync(Repo, default);
        var key = ObjectKey.Object(ObjectType.Snapshots, new ObjectId(new string('a', 64)));
        await using var upload = await store.BeginUploadAsync(Repo, key, default);
        await upload.WriteAsync("abc"u8.ToArray(), default);
        Assert.Null(await store.GetSizeAsync(Repo, key, default));
        Assert.Empty((await store.ListAsync(Repo, ObjectType.Snapshots, default))!);
        Assert.Equal(CommitOutcome.Stored, await upload.CommitAsync(default));
        Assert.Equal(3, await store.GetSizeAsync(Repo, key, default));
    }

    [Fact]
    public async Task Commit_never_replaces_an_existing_file()
    {
        var store = new FileSystemStore(TempDir.Create());
        var key = ObjectKey.Config;
        await store.CreateRepositoryAsync(Repo, default);
        await using (var first = await store.BeginUploadAsync(Repo, key, default))
        await using (var second = await store.BeginUploadAsync(Repo, key, default))
        await using (var third = await store.BeginUploadAsync(Repo, key, default))
        {
            await first.WriteAsync("one"u8.ToArray(), default);
            await second.WriteAsync("two"u8.ToArray(), default);
            await third.WriteAsync("one"u8.ToArray(), default);
            Assert.Equal(CommitOutcome.Stored, await first.CommitAsync(default));
            Assert.Equal(CommitOutcome.Conflict, await second.CommitAsync(default));
            Assert.Equal(CommitOutcome.Identical, await third.CommitAsync(default));
        }
        using var reader = (await store.OpenReadAsync(Repo, key, default))!;
        Assert.Equal(3, reader.Length);
        Assert.Single(Directory.GetFiles(store.Layout.RepositoryDirectory(Repo)));
    }

    [Fact]
    public async Task Files_and_folders_are_private_to_the_owner_by_default()
    {
        var store = new FileSystemStore(TempDir.Create());
        await store.CreateRepositoryAsync(Repo, default);
        var key = ObjectKey.Object(ObjectType.Keys, new ObjectId(new string('b', 64)));
        await using (var upload = await store.BeginUploadAsync(Repo, key, default))
        {
            await upload.WriteAsync("k"u8.ToArray(), default);
            await upload.CommitAsync(default);
        }
        var dirMode = File.GetUnixFileMode(store.Layout.RepositoryDirectory(Repo));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, dirMode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.Layout.FilePath(Repo, key)));
    }

    [Fact]
    public async Task Group_accessible_repositories_let_the_group_in()
    {
        var store = new FileSystemStore(TempDir.Create(), groupAccessible: true);
        await store.CreateRepositoryAsync(Repo, default);
        // The umask still applies, as with rest-server; read and enter survive the usual 022.
        var mode = File.GetUnixFileMode(store.Layout.TypeDirectory(Repo, ObjectType.Keys));
        Assert.True(mode.HasFlag(UnixFileMode.GroupRead | UnixFileMode.GroupExecute));
        Assert.False(mode.HasFlag(UnixFileMode.OtherRead));
    }

    [Fact]
    public async Task Usage_counts_stored_files_but_not_temporaries()
    {
        var root = TempDir.Create();
        var store = new FileSystemStore(root);
        await store.CreateRepositoryAsync(Repo, default);
        File.WriteAllBytes(Path.Combine(root, "host", "config"), new byte[100]);
        File.WriteAllBytes(Path.Combine(root, "host", "data", "00", "x" + FileSystemLayout.TempMarker + "1"), new byte[1000]);
        Assert.Equal(100, await store.MeasureUsageAsync(default));
    }
}
