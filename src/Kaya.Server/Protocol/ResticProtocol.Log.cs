using Microsoft.Extensions.Logging;

namespace Kaya.Server.Protocol;

public sealed partial class ResticProtocol
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Invalid request path: {Path}")]
    private partial void LogInvalidPath(string? path);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed: storage full (errno {Errno})")]
    private partial void LogStorageFull(Exception exception, string method, string? path, int? errno);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed: storage error (errno {Errno})")]
    private partial void LogStorageError(Exception exception, string method, string? path, int? errno);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Path} aborted by the client")]
    private partial void LogAborted(string method, string? path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload of {Path} refused: content does not hash to its name")]
    private partial void LogHashMismatch(string? path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload of {Path} refused: a different file of that name exists")]
    private partial void LogConflict(string? path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload of {Path} refused: quota of {Limit} bytes reached")]
    private partial void LogQuota(string? path, long limit);
}
