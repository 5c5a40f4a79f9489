namespace Kaya.Server.Storage;

/// <summary>
/// Creates the store's folders and temporary files with its permissions: folders durably (the
/// parent is fsync'd), temporaries exclusively, so two uploads never share one.
/// </summary>
internal sealed class TemporaryFiles(UnixFileMode dirMode, UnixFileMode fileMode)
{
    public UnixFileMode DirectoryMode { get; } = dirMode;

    public UnixFileMode FileMode { get; } = fileMode;

    /// <summary>Creates <paramref name="path"/>, and its folder when missing.</summary>
    public FileStream Create(string path)
    {
        try
        {
            return Open(path);
        }
        catch (DirectoryNotFoundException)
        {
            // Like rest-server, an upload into a repository that was never created creates its folder.
            CreateDirectoryDurably(Path.GetDirectoryName(path)!);
            return Open(path);
        }
    }

    public void CreateDirectoryDurably(string dir)
    {
        if (Directory.Exists(dir)) return;
        var parent = Path.GetDirectoryName(dir);
        if (parent is not null && parent != dir) CreateDirectoryDurably(parent);
        Directory.CreateDirectory(dir, DirectoryMode);
        if (parent is not null) Posix.FlushDirectory(parent);
    }

    private FileStream Open(string path) => new(path, new FileStreamOptions
    {
        Mode = System.IO.FileMode.CreateNew,
        Access = FileAccess.Write,
        Share = FileShare.None,
        Options = FileOptions.Asynchronous,
        BufferSize = 0,
        UnixCreateMode = FileMode,
    });
}
