using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Kaya.Orchestrator.Lifecycle;

/// <summary>The POSIX calls the lifecycle code needs and .NET does not expose: posix_fadvise, a folder fsync, SIGINT to a child.</summary>
internal static partial class LifecyclePosix
{
    // Linux values (include/uapi/linux/fadvise.h, the same on x86-64 and arm64).
    private const int POSIX_FADV_SEQUENTIAL = 2;
    private const int POSIX_FADV_DONTNEED = 4;
    private const int O_RDONLY = 0;
    private const int O_CLOEXEC = 0x80000;
    private const int EINVAL = 22;
    private const int ENOTSUP = 95;
    private static readonly int O_DIRECTORY = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;

    [LibraryImport("libc")]
    private static partial int posix_fadvise(int fd, long offset, long length, int advice);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc")]
    private static partial int close(int fd);

    [LibraryImport("libc")]
    private static partial int kill(int pid, int signal);

    private const int SIGINT = 2;

    /// <summary>Asks a child to stop as Ctrl-C would, so restic removes its lock and unmounts.</summary>
    public static void Interrupt(int pid) => kill(pid, SIGINT);

    /// <summary>Tells the kernel the file will be read once, front to back (larger read-ahead).</summary>
    public static void AdviseSequential(SafeFileHandle handle) => Advise(handle, 0, 0, POSIX_FADV_SEQUENTIAL);

    /// <summary>Drops the cached pages of a range just read, so a scrub does not push the backup host's working set out of the page cache.</summary>
    public static void AdviseDontNeed(SafeFileHandle handle, long offset, long length) => Advise(handle, offset, length, POSIX_FADV_DONTNEED);

    /// <summary>Makes a file created in <paramref name="directory"/> durable; file systems that cannot are tolerated.</summary>
    /// <exception cref="IOException">the folder cannot be opened or synced</exception>
    public static void FlushDirectory(string directory)
    {
        var fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) throw new IOException($"open {directory}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}", Marshal.GetLastPInvokeError());
        try
        {
            if (fsync(fd) != 0 && Marshal.GetLastPInvokeError() is var errno && errno is not (EINVAL or ENOTSUP))
                throw new IOException($"fsync {directory}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }
        finally { close(fd); }
    }

    // Advice only: a file system that ignores it costs nothing but cache, so the result is not checked.
    private static void Advise(SafeFileHandle handle, long offset, long length, int advice)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        try { posix_fadvise((int)handle.DangerousGetHandle(), offset, length, advice); }
        finally { if (added) handle.DangerousRelease(); }
    }
}
