using System.Runtime.InteropServices;

namespace Kaya.Bench.Sys;

/// <summary>
/// Drops a folder's files from the page cache, so that a read row starts cold for every server alike:
/// Kaya writes around the cache (O_DIRECT) while rclone and rest-server leave their writes in it, and a
/// restore from cache against one from disk compares nothing.
/// </summary>
public static partial class PageCache
{
    // include/uapi/linux/fadvise.h; the same on x86-64 and arm64.
    private const int PosixFadvDontNeed = 4;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fdatasync(int fd);

    [LibraryImport("libc")]
    private static partial int posix_fadvise(int fd, long offset, long length, int advice);

    /// <summary>
    /// Every file under <paramref name="folder"/>: its dirty pages written back first (DONTNEED leaves
    /// dirty pages in place, and rclone 1.60 never syncs), then all its pages dropped.
    /// </summary>
    /// <returns>how many files were evicted</returns>
    /// <exception cref="IOException">a file could not be opened, synced or advised; the message names it</exception>
    public static int Evict(string folder)
    {
        var count = 0;
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var fd = (int)handle.DangerousGetHandle();
            if (fdatasync(fd) != 0) throw new IOException($"fdatasync {path}: errno {Marshal.GetLastPInvokeError()}");
            var error = posix_fadvise(fd, 0, 0, PosixFadvDontNeed);
            if (error != 0) throw new IOException($"posix_fadvise DONTNEED {path}: errno {error}");
            count++;
        }
        return count;
    }
}
