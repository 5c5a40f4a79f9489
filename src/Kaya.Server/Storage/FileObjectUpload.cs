using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Kaya.Server.Storage;

/// <summary>
/// Writes to <c>NAME.kaya-tmp-RANDOM</c> beside the final file; commit = fdatasync, rename without
/// replacing, fsync of the directory (STORE-2). Until then nothing is visible under NAME.
/// </summary>
/// <remarks>
/// The body gathers in a 1 MiB page-aligned staging block. Full blocks go to disk around the page
/// cache (O_DIRECT) where the file system allows it: no copy into fresh cache pages and no writeback
/// left for fdatasync, which then only persists the size and flushes the disk's cache. A body that
/// fits in one block (index, snapshot, key, lock, small packs) touches the disk only at commit, in
/// one hop to a disk worker: create, write, fdatasync, rename, folder fsync. Every write runs on a
/// disk worker too: a direct write waits for the disk, and would hold a thread-pool thread as long.
/// </remarks>
internal sealed class FileObjectUpload : IObjectUpload
{
    private readonly TemporaryFiles _files;
    private readonly DiskWorkers _workers;
    private readonly StagingPool _pool;
    private readonly StoreFaults _faults;
    private readonly string _tempPath;
    private readonly string _finalPath;
    private readonly bool _directIo;
    private StagingPool.Block? _staging;
    private int _staged;
    private long _onDisk;
    private FileStream? _file;
    private bool _direct;
    private bool _published;
    private long _writebackStarted;

    // Without O_DIRECT, start writeback every 8 MiB: half a default restic pack, so a 16 MiB pack is
    // mostly on its way to disk before its last byte arrives.
    private const long WritebackStep = 8 * 1024 * 1024;

    /// <param name="files">creates the temporary file, on a disk worker when the first bytes go to disk</param>
    /// <param name="workers">where every blocking call of the upload runs</param>
    /// <param name="pool">where the staging block comes from and goes back to</param>
    /// <param name="directIo">try O_DIRECT for whole blocks; false: always through the page cache</param>
    public FileObjectUpload(TemporaryFiles files, DiskWorkers workers, StagingPool pool, StoreFaults faults, string tempPath, string finalPath, bool directIo)
    {
        _faults = faults;
        _files = files;
        _workers = workers;
        _pool = pool;
        _directIo = directIo;
        _tempPath = tempPath;
        _finalPath = finalPath;
    }

    public long Written => _onDisk + _staged;

    public bool Published => _published;

    public async ValueTask WriteAsync(ReadOnlySequence<byte> data, CancellationToken cancellationToken)
    {
        foreach (var segment in data)
        {
            var rest = segment;
            while (!rest.IsEmpty)
            {
                _staging ??= _pool.Rent();
                var n = Math.Min(rest.Length, StagingPool.Size - _staged);
                rest.Span[..n].CopyTo(_staging.GetSpan()[_staged..]);
                _staged += n;
                rest = rest[n..];
                if (_staged == StagingPool.Size) await _workers.RunAsync(static self => self.WriteStaged(), this, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // On a disk worker: one full staging block to disk.
    private bool WriteStaged()
    {
        if (_file is null)
        {
            _file = _files.Create(_tempPath);
            _direct = _directIo && Posix.SetDirectIo(_file.SafeFileHandle, true);
        }
        var handle = _file.SafeFileHandle;
        var block = _staging!.GetSpan()[.._staged];
        try
        {
            _faults.Check(StoreFaults.Write, _tempPath);
            RandomAccess.Write(handle, block, _onDisk);
        }
        catch (IOException e) when (_direct && Errno.Of(e) == Errno.EINVAL)
        {
            // O_DIRECT refused by a file system that took the flag (alignment, FUSE): write through the
            // cache. Only EINVAL means that; ENOSPC, EIO and the rest are faults and go to the caller.
            _direct = false;
            Posix.SetDirectIo(handle, false);
            RandomAccess.Write(handle, block, _onDisk);
        }
        _onDisk += _staged;
        _staged = 0;
        if (!_direct && _onDisk - _writebackStarted >= WritebackStep)
        {
            Posix.StartWriteback(handle, _writebackStarted, _onDisk - _writebackStarted);
            _writebackStarted = _onDisk;
        }
        return true;
    }

    /// <summary>Writing the rest, fdatasync and folder fsync block for milliseconds: they run on <see cref="DiskWorkers"/>.</summary>
    public async ValueTask<CommitOutcome> CommitAsync(CancellationToken cancellationToken) =>
        await _workers.RunAsync(static self => self.Commit(), this, cancellationToken).ConfigureAwait(false);

    private CommitOutcome Commit()
    {
        _file ??= _files.Create(_tempPath);
        var handle = _file.SafeFileHandle;
        _faults.Check(StoreFaults.Write, _tempPath);
        if (_staged > 0) WriteStagedRest(handle);
        ReturnStaging();
        Posix.FlushData(handle);
        _file.Dispose();

        if (!Posix.RenameNoReplace(_tempPath, _finalPath))
        {
            return FileComparison.SameContent(_tempPath, _finalPath) ? CommitOutcome.Identical : CommitOutcome.Conflict;
        }
        _published = true;
        Posix.FlushDirectory(Path.GetDirectoryName(_finalPath)!);
        return CommitOutcome.Stored;
    }

    // O_DIRECT takes whole pages only: those go around the cache, the last partial page through it.
    private void WriteStagedRest(SafeFileHandle handle)
    {
        var rest = _staging!.Memory[.._staged].Span;
        if (_direct)
        {
            var pages = _staged & ~(StagingPool.Alignment - 1);
            if (pages > 0)
            {
                RandomAccess.Write(handle, rest[..pages], _onDisk);
                _onDisk += pages;
                rest = rest[pages..];
            }
            if (!Posix.SetDirectIo(handle, false)) throw new IOException($"cannot turn O_DIRECT off for {_tempPath}");
            _direct = false;
        }
        if (!rest.IsEmpty) RandomAccess.Write(handle, rest, _onDisk);
        _onDisk += rest.Length;
        _staged = 0;
    }

    private void ReturnStaging()
    {
        if (_staging is null) return;
        _pool.Return(_staging);
        _staging = null;
    }

    public ValueTask DisposeAsync()
    {
        ReturnStaging();
        if (_file is null) return ValueTask.CompletedTask;
        _file.Dispose();
        if (!_published)
        {
            try { File.Delete(_tempPath); }
            catch (IOException) { /* swept at the next start-up */ }
        }
        return ValueTask.CompletedTask;
    }
}
