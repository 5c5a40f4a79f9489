using Microsoft.Win32.SafeHandles;

namespace Kaya.Server.Storage;

/// <summary>
/// Writes to <c>NAME.kaya-tmp-RANDOM</c> beside the final file; commit = fdatasync, rename without
/// replacing, fsync of the directory (STORE-2). Until then nothing is visible under NAME.
/// </summary>
internal sealed class FileObjectUpload : IObjectUpload
{
    private readonly FileStream _file;
    private readonly SafeFileHandle _handle;
    private readonly string _tempPath;
    private readonly string _finalPath;
    private bool _published;
    private long _writebackStarted;

    // Start writeback every 8 MiB: half a default restic pack, so a 16 MiB pack is mostly on its way
    // to disk before its last byte arrives.
    private const long WritebackStep = 8 * 1024 * 1024;

    public FileObjectUpload(FileStream file, string tempPath, string finalPath)
    {
        _file = file;
        _handle = file.SafeFileHandle;
        _tempPath = tempPath;
        _finalPath = finalPath;
    }

    public long Written { get; private set; }

    public bool Published => _published;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await RandomAccess.WriteAsync(_handle, data, Written, cancellationToken).ConfigureAwait(false);
        Written += data.Length;
        MaybeStartWriteback();
    }

    public async ValueTask WriteAsync(IReadOnlyList<ReadOnlyMemory<byte>> data, long length, CancellationToken cancellationToken)
    {
        await RandomAccess.WriteAsync(_handle, data, Written, cancellationToken).ConfigureAwait(false);
        Written += length;
        MaybeStartWriteback();
    }

    private void MaybeStartWriteback()
    {
        if (Written - _writebackStarted < WritebackStep) return;
        Posix.StartWriteback(_handle, _writebackStarted, Written - _writebackStarted);
        _writebackStarted = Written;
    }

    /// <summary>fdatasync and folder fsync can block for milliseconds: they run on <see cref="DiskWorkers"/>.</summary>
    public async ValueTask<CommitOutcome> CommitAsync(CancellationToken cancellationToken) =>
        await DiskWorkers.Shared.RunAsync(static self => self.Commit(), this, cancellationToken).ConfigureAwait(false);

    private CommitOutcome Commit()
    {
        Posix.FlushData(_handle);
        _file.Dispose();

        if (!Posix.RenameNoReplace(_tempPath, _finalPath))
        {
            return FileComparison.SameContent(_tempPath, _finalPath) ? CommitOutcome.Identical : CommitOutcome.Conflict;
        }
        _published = true;
        Posix.FlushDirectory(Path.GetDirectoryName(_finalPath)!);
        return CommitOutcome.Stored;
    }

    public ValueTask DisposeAsync()
    {
        _file.Dispose();
        if (!_published)
        {
            try { File.Delete(_tempPath); }
            catch (IOException) { /* swept at the next start-up */ }
        }
        return ValueTask.CompletedTask;
    }
}
