using System.Runtime.InteropServices;

namespace Kaya.Bench.Sys;

/// <summary>Directory fsync, which .NET does not expose: the last step of a durable publish.</summary>
internal static partial class Posix
{
    private const int O_RDONLY = 0, O_DIRECTORY = 0x10000;

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
