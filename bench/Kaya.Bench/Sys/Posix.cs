using System.Runtime.InteropServices;

namespace Kaya.Bench.Sys;

/// <summary>Directory fsync and O_DIRECT, which .NET does not expose (x86-64 flag values).</summary>
internal static partial class Posix
{
    private const int O_RDONLY = 0, O_DIRECTORY = 0x10000, O_DIRECT = 0x4000, F_GETFL = 3, F_SETFL = 4;

    /// <summary>Writes to this file bypass the page cache from now on (or no longer do).</summary>
    public static void SetDirect(Microsoft.Win32.SafeHandles.SafeFileHandle file, bool on)
    {
        var fd = (int)file.DangerousGetHandle();
        var flags = fcntl(fd, F_GETFL, 0);
        if (flags < 0 || fcntl(fd, F_SETFL, on ? flags | O_DIRECT : flags & ~O_DIRECT) != 0)
            throw new IOException($"fcntl O_DIRECT failed, errno {Marshal.GetLastPInvokeError()}");
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fcntl(int fd, int cmd, int arg);

    /// <summary>fdatasync, as a durable server calls it for a new file's data and size.</summary>
    public static void FlushData(Microsoft.Win32.SafeHandles.SafeFileHandle file)
    {
        if (fdatasync((int)file.DangerousGetHandle()) != 0) throw new IOException($"fdatasync failed, errno {Marshal.GetLastPInvokeError()}");
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fdatasync(int fd);

    public static void FsyncDirectory(string path)
    {
        var fd = open(path, O_RDONLY | O_DIRECTORY);
        if (fd < 0) throw new IOException($"{path}: open failed, errno {Marshal.GetLastPInvokeError()}");
        try { if (fsync(fd) != 0) throw new IOException($"{path}: fsync failed, errno {Marshal.GetLastPInvokeError()}"); }
        finally { _ = close(fd); }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
