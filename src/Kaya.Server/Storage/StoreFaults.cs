namespace Kaya.Server.Storage;

/// <summary>
/// A test seam: makes a file-system call of the store fail with a chosen errno, thrown as .NET throws
/// it, since tests run as root and chmod denies root nothing. Unset in production: one null check.
/// </summary>
internal sealed class StoreFaults
{
    public const string Stat = "stat";
    public const string Open = "open";
    public const string List = "list";
    public const string Delete = "delete";
    public const string Write = "write";

    /// <summary>Given the call and the path, the errno to fail with, or null to go ahead.</summary>
    public Func<string, string, int?>? Inject { get; set; }

    public void Check(string call, string path)
    {
        if (Inject?.Invoke(call, path) is not { } errno) return;
        var cause = new IOException($"{call} {path}: injected errno {errno}", errno);
        throw errno switch
        {
            Errno.ENOENT => new FileNotFoundException(cause.Message, path),
            Errno.EACCES => new UnauthorizedAccessException($"Access to the path '{path}' is denied.", cause),
            _ => cause,
        };
    }
}
