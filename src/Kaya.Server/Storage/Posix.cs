using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Kaya.Server.Storage;

/// <summary>The few POSIX calls .NET does not expose: fdatasync, directory fsync, rename without replace, O_DIRECT.</summary>
internal static partial class Posix
{
    private const int O_RDONLY = 0;
    // The two flags Linux numbers differently on arm64 than on x86-64 (asm-generic vs arch headers).
    private static readonly bool Arm = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;
    private static readonly int O_DIRECTORY = Arm ? 0x4000 : 0x10000;
    private static readonly int O_DIRECT = Arm ? 0x10000 : 0x4000;
    private const int F_GETFL = 3;
    private const int F_SETFL = 4;
    private const int O_CLOEXEC = 0x80000;
    private const int AT_FDCWD = -100;
    private const uint RENAME_NOREPLACE = 1;
    private const int EEXIST = 17;
    private const int EINVAL = Errno.EINVAL;
    private const int ENOSYS = 38;
    private const int ENOTSUP = 95;
    private const int EINTR = 4;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fdatasync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int renameat2(int olddirfd, string oldpath, int newdirfd, string newpath, uint flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int link(string oldpath, string newpath);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sync_file_range(int fd, long offset, long nbytes, uint flags);

    private const uint SYNC_FILE_RANGE_WRITE = 2;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fcntl(int fd, int cmd, int arg);

    /// <summary>
    /// Turns writing around the page cache (O_DIRECT) on or off for an open file; false when the
    /// file system refuses it, and the file then stays as it was.
    /// </summary>
    public static bool SetDirectIo(SafeFileHandle handle, bool on)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            var fd = (int)handle.DangerousGetHandle();
            var flags = fcntl(fd, F_GETFL, 0);
            if (flags < 0) return false;
            var wanted = on ? flags | O_DIRECT : flags & ~O_DIRECT;
            return wanted == flags || fcntl(fd, F_SETFL, wanted) == 0;
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>
    /// Starts writeback of a range without waiting for it, so the final fdatasync finds little left
    /// to do and the disk works while the network still delivers. Purely an optimisation: errors are
    /// left for fdatasync to report.
    /// </summary>
    public static void StartWriteback(SafeFileHandle handle, long offset, long length)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        try { sync_file_range((int)handle.DangerousGetHandle(), offset, length, SYNC_FILE_RANGE_WRITE); }
        finally { if (added) handle.DangerousRelease(); }
    }

    /// <summary>Writes the file's data (and the size needed to read it back) to stable storage.</summary>
    public static void FlushData(SafeFileHandle handle)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            int rc;
            do rc = fdatasync((int)handle.DangerousGetHandle());
            while (rc != 0 && Marshal.GetLastPInvokeError() == EINTR);
            if (rc != 0 && Marshal.GetLastPInvokeError() is not (EINVAL or ENOTSUP))
                throw Failure("fdatasync", handle.ToString() ?? "file");
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>Makes a rename or create in a directory durable. Filesystems that cannot are tolerated.</summary>
    public static void FlushDirectory(string directory)
    {
        var fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) throw Failure("open", directory);
        try
        {
            if (fsync(fd) != 0 && Marshal.GetLastPInvokeError() is not (EINVAL or ENOTSUP))
                throw Failure("fsync", directory);
        }
        finally
        {
            close(fd);
        }
    }

    /// <summary>Renames <paramref name="from"/> to <paramref name="to"/>; false when <paramref name="to"/> exists.</summary>
    public static bool RenameNoReplace(string from, string to)
    {
        if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0) return true;
        var errno = Marshal.GetLastPInvokeError();
        if (errno == EEXIST) return false;
        if (errno is not (EINVAL or ENOSYS or ENOTSUP)) throw Failure("rename", to);

        // Filesystems without RENAME_NOREPLACE: a hard link fails on an existing name just the same.
        if (link(from, to) != 0)
        {
            if (Marshal.GetLastPInvokeError() == EEXIST) return false;
            throw Failure("link", to);
        }
        File.Delete(from);
        return true;
    }

    private static IOException Failure(string call, string path)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{call} failed for {path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }
}
