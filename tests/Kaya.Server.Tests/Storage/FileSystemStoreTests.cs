using System.Buffers;
using System.Text;
using Kaya.Server.Repository;
using Kaya.Server.Storage;

namespace Kaya.Server.Tests.Storage;

public class FileSystemStoreTests
{
    private static readonly RepositoryPath Repo = new(["host"]);

    private static ReadOnlySequence<byte> Bytes(string text) => new(Encoding.ASCII.GetBytes(text));

    [Fact]
    public async Task An_upload_is_invisible_until_committed()
    {
        using var root = new TempFolder();
        using var store = new FileSystemStore(root.Path);
        await store.CreateRepositoryAsync(Repo, default);
        var key = ObjectKey.Object(ObjectType.Snapshots, new ObjectId(new string('a', 64)));
        await using var upload = await store.BeginUploadAsync(Repo, key, default);
        await upload.WriteAsync(Bytes("abc"), default);
        Assert.Null(await store.GetSizeAsync(Repo, key, default));
        Assert.Empty((await store.ListAsync(Repo, ObjectType.Snapshots, default))!);
        Assert.Equal(CommitOutcome.Stored, await upload.CommitAsync(default));
        Assert.Equal(3, await store.GetSizeAsync(Repo, key, default));
    }

    [Fact]
    public async Task Commit_never_replaces_an_existing_file()
    {
        using var root = new TempFolder();
        using var store = new FileSystemStore(root.Path);
        var key = ObjectKey.Config;
        await store.CreateRepositoryAsync(Repo, default);
        await using (var first = await store.BeginUploadAsync(Repo, key, default))
        await using (var second = await store.BeginUploadAsync(Repo, key, default))
        await using (var third = await store.BeginUploadAsync(Repo, key, default))
        {
            await first.WriteAsync(Bytes("one"), default);
            await second.WriteAsync(Bytes("two"), default);
            await third.WriteAsync(Bytes("one"), default);
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
        using var root = new TempFolder();
        using var store = new FileSystemStore(root.Path);
        await store.CreateRepositoryAsync(Repo, default);
        var key = ObjectKey.Object(ObjectType.Keys, new ObjectId(new string('b', 64)));
        await using (var upload = await store.BeginUploadAsync(Repo, key, default))
        {
            await upload.WriteAsync(Bytes("k"), default);
            await upload.CommitAsync(default);
        }
        var dirMode = File.GetUnixFileMode(store.Layout.RepositoryDirectory(Repo));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, dirMode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.Layout.FilePath(Repo, key)));
    }

    [Fact]
    public async Task Group_accessible_repositories_let_the_group_in()
    {
        using var root = new TempFolder();
        using var store = new FileSystemStore(root.Path, groupAccessible: true);
        await store.CreateRepositoryAsync(Repo, default);
        // The umask still applies, as with rest-server; read and enter survive the usual 022.
        var mode = File.GetUnixFileMode(store.Layout.TypeDirectory(Repo, ObjectType.Keys));
        Assert.True(mode.HasFlag(UnixFileMode.GroupRead | UnixFileMode.GroupExecute));
        Assert.False(mode.HasFlag(UnixFileMode.OtherRead));
    }

    [Fact]
    public async Task Usage_counts_stored_files_but_not_temporaries()
    {
        using var folder = new TempFolder();
        var root = folder.Path;
        using var store = new FileSystemStore(root);
        await store.CreateRepositoryAsync(Repo, default);
        File.WriteAllBytes(Path.Combine(root, "host", "config"), new byte[100]);
        File.WriteAllBytes(Path.Combine(root, "host", "data", "00", "x" + FileSystemLayout.TempMarker + "1"), new byte[1000]);
        Assert.Equal(100, await store.MeasureUsageAsync(default));
    }

    [Theory]
    [InlineData(3 * 1024 * 1024 + 123, true)] // whole staging blocks, whole pages and a partial last page
    [InlineData(2 * 1024 * 1024, true)]       // whole staging blocks only
    [InlineData(1024 * 1024 + 4096, true)]    // one block and one whole page
    [InlineData(5000, true)]                  // less than a block: written at commit
    [InlineData(9 * 1024 * 1024 + 123, false)] // through the page cache, with early writeback every 8 MiB
    [InlineData(5000, false)]
    public async Task An_upload_of_any_length_is_stored_byte_for_byte(int length, bool directIo)
    {
        using var root = new TempFolder();
        using var store = new FileSystemStore(root.Path, directIo: directIo);
        await store.CreateRepositoryAsync(Repo, default);
        var content = new byte[length];
        new Random(length).NextBytes(content);
        var key = ObjectKey.Object(ObjectType.Data, new ObjectId(new string('c', 64)));
        await using (var upload = await store.BeginUploadAsync(Repo, key, default))
        {
            // Uneven pieces, as a socket delivers them.
            for (var offset = 0; offset < length; offset += 77_777)
            {
                await upload.WriteAsync(new ReadOnlySequence<byte>(content, offset, Math.Min(77_777, length - offset)), default);
            }
            Assert.Equal(length, upload.Written);
            Assert.Equal(CommitOutcome.Stored, await upload.CommitAsync(default));
        }
        Assert.Equal(content, await File.ReadAllBytesAsync(store.Layout.FilePath(Repo, key)));
    }

    [Fact]
    public async Task An_abandoned_upload_leaves_no_temporary_file()
    {
        using var root = new TempFolder();
        using var store = new FileSystemStore(root.Path);
        await store.CreateRepositoryAsync(Repo, default);
        var key = ObjectKey.Object(ObjectType.Data, new ObjectId(new string('d', 64)));
        await using (var upload = await store.BeginUploadAsync(Repo, key, default))
        {
            await upload.WriteAsync(new ReadOnlySequence<byte>(new byte[3 * 1024 * 1024]), default);
        }
        var folder = Path.GetDirectoryName(store.Layout.FilePath(Repo, key))!;
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public async Task Each_store_has_its_own_disk_workers_so_disposing_one_leaves_another_working()
    {
        var disposed = new FileSystemStore(new TempFolder().Path);
        using var store = new FileSystemStore(new TempFolder().Path);
        disposed.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await disposed.CreateRepositoryAsync(Repo, default));
        await store.CreateRepositoryAsync(Repo, default);
        var key = ObjectKey.Object(ObjectType.Data, new ObjectId(new string('e', 64)));
        await using var upload = await store.BeginUploadAsync(Repo, key, default);
        await upload.WriteAsync(new ReadOnlySequence<byte>(new byte[2 * 1024 * 1024 + 1]), default);
        Assert.Equal(CommitOutcome.Stored, await upload.CommitAsync(default));
        Assert.Equal(2 * 1024 * 1024 + 1, await store.GetSizeAsync(Repo, key, default));
    }
}
