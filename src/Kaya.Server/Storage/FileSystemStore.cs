using System.IO.Enumeration;
using System.Security.Cryptography;
using Kaya.Server.Repository;

namespace Kaya.Server.Storage;

/// <summary>Repositories as plain folders in rest-server's layout (STORE-1).</summary>
public sealed partial class FileSystemStore : IRepositoryStore, IDisposable
{
    private readonly DiskWorkers _workers;
    private readonly StagingPool _staging;
    private readonly bool _ownsResources;
    private readonly FileSystemLayout _layout;
    private readonly TemporaryFiles _files;
    private readonly bool _directIo;

    /// <param name="groupAccessible">Folders 0770 and files 0660 instead of 0700/0600, as rest-server's --group-accessible-repos.</param>
    /// <param name="directIo">Write upload blocks around the page cache (O_DIRECT) where the file system accepts it; false: always through the cache.</param>
    /// <remarks>The store has disk workers and a staging pool of its own, released by <see cref="Dispose"/>.</remarks>
    public FileSystemStore(string root, bool groupAccessible = false, bool directIo = true)
        : this(root, groupAccessible, directIo, new DiskWorkers(DiskWorkers.DefaultThreads), new StagingPool(), ownsResources: true)
    {
    }

    /// <summary>A store using a server's disk workers and staging pool; the server disposes them.</summary>
    internal FileSystemStore(string root, bool groupAccessible, bool directIo, DiskWorkers workers, StagingPool staging, bool ownsResources = false)
    {
        _workers = workers;
        _staging = staging;
        _ownsResources = ownsResources;
        _directIo = directIo;
        _layout = new FileSystemLayout(root);
        _files = new TemporaryFiles(
            groupAccessible
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            groupAccessible
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite
                : UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public FileSystemLayout Layout => _layout;

    public ValueTask CreateRepositoryAsync(RepositoryPath repository, CancellationToken cancellationToken) =>
        new(_workers.RunAsync(static s => s.Self.CreateRepository(s.Repository), (Self: this, Repository: repository), cancellationToken));

    private bool CreateRepository(RepositoryPath repository)
    {
        var repoDir = _layout.RepositoryDirectory(repository);
        _files.CreateDirectoryDurably(repoDir);
        foreach (var type in ObjectTypes.All)
        {
            _files.CreateDirectoryDurably(_layout.TypeDirectory(repository, type));
        }
        var dataDir = _layout.TypeDirectory(repository, ObjectType.Data);
        for (var i = 0; i < 256; i++)
        {
            Directory.CreateDirectory(Path.Combine(dataDir, i.ToString("x2")), _files.DirectoryMode);
        }
        Posix.FlushDirectory(dataDir);
        return true;
    }

    /// <summary>Injects file-system faults in tests (<see cref="StoreFaults"/>).</summary>
    internal StoreFaults Faults { get; } = new();

    public ValueTask<long?> GetSizeAsync(RepositoryPath repository, ObjectKey key, CancellationToken cancellationToken) =>
        ValueTask.FromResult(SizeOf(_layout.FilePath(repository, key)));

    // Only "does not exist" is null: any other failure of stat (EACCES on a folder, EIO) is a fault
    // and throws, where FileInfo.Exists would say false (issue 11 §2).
    private long? SizeOf(string path)
    {
        try
        {
            Faults.Check(StoreFaults.Stat, path);
            return new FileInfo(path).Length;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public ValueTask<IObjectReader?> OpenReadAsync(RepositoryPath repository, ObjectKey key, CancellationToken cancellationToken)
    {
        try
        {
            var path = _layout.FilePath(repository, key);
            Faults.Check(StoreFaults.Open, path);
            var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.Asynchronous);
            return ValueTask.FromResult<IObjectReader?>(new FileObjectReader(handle));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return ValueTask.FromResult<IObjectReader?>(null);
        }
    }

    public ValueTask<IEnumerable<ObjectEntry>?> ListAsync(RepositoryPath repository, ObjectType type, CancellationToken cancellationToken)
    {
        var typeDir = _layout.TypeDirectory(repository, type);
        try
        {
            // Opens the folder now: a folder that cannot be read fails the listing before any answer.
            var entries = type == ObjectType.Data
                ? Folders(typeDir).SelectMany(dir => ObjectsIn(dir, Path.GetFileName(dir)))
                : ObjectsIn(typeDir, prefix: null);
            return ValueTask.FromResult<IEnumerable<ObjectEntry>?>(entries);
        }
        catch (DirectoryNotFoundException)
        {
            // A repository (it has a config) copied without its empty folders still lists as empty (LIST-6).
            var exists = SizeOf(_layout.FilePath(repository, ObjectKey.Config)) is not null;
            return ValueTask.FromResult<IEnumerable<ObjectEntry>?>(exists ? [] : null);
        }
    }

    // Every error but "does not exist" is thrown, never skipped: a listing fails whole rather than
    // leave out what it could not read (issue 11 §2). Hidden names are not skipped either.
    private static readonly EnumerationOptions Strict = new() { IgnoreInaccessible = false, AttributesToSkip = 0 };

    private IEnumerable<string> Folders(string dir)
    {
        Faults.Check(StoreFaults.List, dir);
        return new FileSystemEnumerable<string>(dir, static (ref FileSystemEntry e) => e.ToFullPath(), Strict)
        {
            ShouldIncludePredicate = static (ref FileSystemEntry e) => e.IsDirectory,
        };
    }

    // Only names a client could then read are listed (LIST-5): no temporaries, no strays, and a data
    // object only inside the folder named by its first two characters. Sizes come from the directory
    // walk itself: no FileInfo per file.
    private IEnumerable<ObjectEntry> ObjectsIn(string dir, string? prefix)
    {
        Faults.Check(StoreFaults.List, dir);
        return new FileSystemEnumerable<ObjectEntry>(dir, static (ref FileSystemEntry e) => new ObjectEntry(e.FileName.ToString(), e.Length), Strict)
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) =>
                !e.IsDirectory && ObjectId.IsValid(e.FileName) && (prefix is null || e.FileName.StartsWith(prefix, StringComparison.Ordinal)),
        };
    }

    public ValueTask<long?> DeleteAsync(RepositoryPath repository, ObjectKey key, CancellationToken cancellationToken)
    {
        var path = _layout.FilePath(repository, key);
        if (SizeOf(path) is not { } size) return ValueTask.FromResult<long?>(null);
        return new(_workers.RunAsync(static s =>
        {
            s.Self.Faults.Check(StoreFaults.Delete, s.Path);
            File.Delete(s.Path);
            Posix.FlushDirectory(System.IO.Path.GetDirectoryName(s.Path)!);
            return (long?)s.Size;
        }, (Self: this, Path: path, Size: size), cancellationToken));
    }

    public ValueTask<IObjectUpload> BeginUploadAsync(RepositoryPath repository, ObjectKey key, CancellationToken cancellationToken)
    {
        var finalPath = _layout.FilePath(repository, key);
        var tempPath = finalPath + FileLayoutTempSuffix();
        return ValueTask.FromResult<IObjectUpload>(new FileObjectUpload(_files, _workers, _staging, Faults, tempPath, finalPath, _directIo));
    }

    public ValueTask<long> MeasureUsageAsync(CancellationToken cancellationToken)
    {
        long total = 0;
        if (!Directory.Exists(_layout.Root)) return ValueTask.FromResult(0L);
        // An unreadable folder fails the measure (and so the start-up, naming it) rather than undercount the quota.
        foreach (var file in new DirectoryInfo(_layout.Root).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = 0 }))
        {
            if (!FileSystemLayout.IsTemporary(file.Name)) total += file.Length;
        }
        return ValueTask.FromResult(total);
    }

    /// <summary>
    /// Removes temporaries left by a crash (ours and rest-server's) in the repository and those nested
    /// below it, so they never show up or count toward a quota (STORE-4). Returns how many were removed.
    /// </summary>
    public ValueTask<int> SweepTemporariesAsync(RepositoryPath repository, CancellationToken cancellationToken) =>
        ValueTask.FromResult(SweepTemporaries(_layout.RepositoryDirectory(repository)));

    private static int SweepTemporaries(string directory)
    {
        if (!Directory.Exists(directory)) return 0;
        var removed = 0;
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0, MaxRecursionDepth = 5 };
        var temporaries = new FileSystemEnumerable<string>(directory, static (ref FileSystemEntry e) => e.ToFullPath(), options)
        {
            // Test the bare name during the walk: a path string is built only for a temporary.
            ShouldIncludePredicate = static (ref FileSystemEntry e) => !e.IsDirectory && FileSystemLayout.IsTemporary(e.FileName),
        };
        foreach (var file in temporaries)
        {
            try { File.Delete(file); removed++; }
            catch (IOException) { }
        }
        return removed;
    }

    private static string FileLayoutTempSuffix() =>
        FileSystemLayout.TempMarker + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public void Dispose()
    {
        if (!_ownsResources) return;
        _workers.Dispose();
        _staging.Dispose();
    }
}
