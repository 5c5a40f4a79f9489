namespace Kaya.Orchestrator.Runs;

/// <summary>
/// One run per host at a time: an exclusive flock on <c>backup_root/.kaya-locks/HOST</c>, taken without
/// waiting. .NET takes flock(LOCK_EX|LOCK_NB) for FileShare.None on Unix; the kernel drops it if we die.
/// </summary>
public sealed class HostLock : IDisposable
{
    private readonly FileStream _file;

    /// <summary>
    /// The HResult of .NET's IOException when flock(LOCK_NB) finds the lock held: on Unix the raw errno,
    /// EWOULDBLOCK (11 on Linux, all architectures); Windows' ERROR_SHARING_VIOLATION as the other spelling.
    /// </summary>
    private static bool IsHeld(IOException e) => e.HResult is 11 or unchecked((int)0x80070020);

    private HostLock(FileStream file) => _file = file;

    public static HostLock Acquire(string backupRoot, string host)
    {
        var folder = Path.Combine(backupRoot, ".kaya-locks");
        var path = Path.Combine(folder, host);
        try
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"{folder}: cannot create the lock folder: {e.Message}", e);
        }
        try
        {
            return new HostLock(new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }));
        }
        catch (UnauthorizedAccessException e)
        {
            throw new StorageException($"{path}: cannot open the lock file: {e.Message}", e);
        }
        catch (IOException e) when (IsHeld(e))
        {
            // .NET's own words ("The process cannot access the file...") would only blur the one line.
            throw new HostBusyException($"{host}: another kaya run for this host is in progress (lock {path} is held); try again when it has ended");
        }
        catch (IOException e)
        {
            // Any other I/O error is a fault of the backup root (EIO, ENOSPC, a read-only mount), never "busy".
            throw new StorageException($"{path}: cannot open the lock file: {e.Message}", e);
        }
    }

    public void Dispose() => _file.Dispose();
}
