namespace Kaya.Server.Storage;

/// <summary>
/// The Linux error numbers a store's failures are told apart by (asm-generic/errno-base.h and
/// errno.h; the same on x86-64 and arm64), and the one place that reads them from an exception.
/// A store outside this assembly signals a full disk as <c>new IOException(message, Errno.ENOSPC)</c>.
/// </summary>
public static class Errno
{
    public const int ENOENT = 2;
    public const int EIO = 5;
    public const int EACCES = 13;
    public const int EINVAL = 22;
    public const int ENOSPC = 28;
    public const int EDQUOT = 122;

    /// <summary>
    /// The errno behind a file-system exception: .NET keeps it as an IOException's HResult on Unix,
    /// turns ENOENT into FileNotFound/DirectoryNotFound and EACCES/EPERM into UnauthorizedAccess.
    /// Null when the exception carries none.
    /// </summary>
    public static int? Of(Exception exception) => exception switch
    {
        FileNotFoundException or DirectoryNotFoundException => ENOENT,
        // .NET keeps the real errno (EACCES or EPERM) as the inner exception.
        UnauthorizedAccessException u => u.InnerException is IOException { HResult: > 0 and < 4096 } inner ? inner.HResult : EACCES,
        IOException io when io.HResult > 0 && io.HResult < 4096 => io.HResult,
        _ => null,
    };

    /// <summary>No room left: the disk is full (ENOSPC) or the user's quota is (EDQUOT).</summary>
    public static bool IsOutOfSpace(Exception exception) => Of(exception) is ENOSPC or EDQUOT;
}
