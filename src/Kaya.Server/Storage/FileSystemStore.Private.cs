using Kaya.Server.Repository;

namespace Kaya.Server.Storage;

public sealed partial class FileSystemStore
{
    /// <inheritdoc />
    /// <remarks>
    /// As an upload: a temporary beside the target, fsync'd, renamed without replacing, the folder fsync'd;
    /// on a disk worker, off the request threads.
    /// </remarks>
    public ValueTask<bool> WritePrivateAsync(RepositoryPath repository, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        PrivateObjectName.Check(name);
        var path = Path.Combine(_layout.RepositoryDirectory(repository), name);
        return new(_workers.RunAsync(static s => s.Self.WritePrivate(s.Path, s.Content), (Self: this, Path: path, Content: content), cancellationToken));
    }

    private bool WritePrivate(string path, ReadOnlyMemory<byte> content)
    {
        var folder = Path.GetDirectoryName(path)!;
        _files.CreateDirectoryDurably(folder);
        var temporary = path + FileLayoutTempSuffix();
        try
        {
            using (var file = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = _files.FileMode }))
            {
                file.Write(content.Span);
                file.Flush(flushToDisk: true);
            }
            if (!Posix.RenameNoReplace(temporary, path)) return false;
            Posix.FlushDirectory(folder);
            return true;
        }
        finally
        {
            // Gone once renamed; left only when the name was taken or a step failed.
            File.Delete(temporary);
        }
    }
}
