using Microsoft.Extensions.Logging;

namespace Kaya.Server.Protocol;

public sealed partial class ResticProtocol
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Invalid request path: {Path}")]
    private partial void LogInvalidPath(string? path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage full in repository {Repository}: {Reason}")]
    private partial void LogStorageFull(string repository, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed: {Reason}")]
    private partial void LogStorageError(string method, string? path, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Path} aborted by the client")]
    private partial void LogAborted(string method, string? path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload of {Path} refused: content does not hash to its name")]
    private partial void LogHashMismatch(string? path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload of {Path} refused: a different file of that name exists")]
    private partial void LogConflict(string? path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload of {Path} refused: quota of {Limit} bytes reached")]
    private partial void LogQuota(string? path, long limit);
}
