using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Kaya.Testing;

/// <summary>The POSIX calls tests and the bench need and .NET does not expose: signals, fdatasync, directory fsync, O_DIRECT.</summary>
public static partial class Posix
{
    public const int SIGHUP = 1;
    public const int SIGTERM = 15;

    private const int O_RDONLY = 0, F_GETFL = 3, F_SETFL = 4;
    // Linux numbers these two differently on arm64 than on x86-64 (asm-generic vs arch headers), as the server's Posix does.
    private static readonly bool Arm = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;
    private static readonly int O_DIRECTORY = Arm ? 0x4000 : 0x10000;
    private static readonly int O_DIRECT = Arm ? 0x10000 : 0x4000;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>.</summary>
    /// <exception cref="IOException">kill(2) failed (no such process, not permitted); the message has errno</exception>
    public static void Kill(int pid, int signal)
    {
        if (kill(pid, signal) != 0) throw new IOException($"kill {pid} {signal} failed, errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Writes to this file bypass the page cache from now on (or no longer do).</summary>
    /// <exception cref="IOException">fcntl refused (a file system without O_DIRECT); the message has errno</exception>
    public static void SetDirect(SafeFileHandle file, bool on)
    {
        var fd = (int)file.DangerousGetHandle();
        var flags = fcntl(fd, F_GETFL, 0);
        if (flags < 0 || fcntl(fd, F_SETFL, on ? flags | O_DIRECT : flags & ~O_DIRECT) != 0)
            throw new IOException($"fcntl O_DIRECT failed, errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>fdatasync, as a durable server calls it for a new file's data and size.</summary>
    /// <exception cref="IOException">fdatasync failed; the message has errno</exception>
    public static void FlushData(SafeFileHandle file)
    {
        if (fdatasync((int)file.DangerousGetHandle()) != 0) throw new IOException($"fdatasync failed, errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>fsync of a folder, which makes a rename into it durable.</summary>
    /// <exception cref="IOException">open or fsync failed; the message has the path and errno</exception>
    public static void FsyncDirectory(string path)
    {
        var fd = open(path, O_RDONLY | O_DIRECTORY);
        if (fd < 0) throw new IOException($"{path}: open failed, errno {Marshal.GetLastPInvokeError()}");
        try { if (fsync(fd) != 0) throw new IOException($"{path}: fsync failed, errno {Marshal.GetLastPInvokeError()}"); }
        finally { _ = close(fd); }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fcntl(int fd, int cmd, int arg);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fdatasync(int fd);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
