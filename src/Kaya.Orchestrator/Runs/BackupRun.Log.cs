using Kaya.Orchestrator.Logging;
using Microsoft.Extensions.Logging;

namespace Kaya.Orchestrator.Runs;

public sealed partial class BackupRun
{
    [LoggerMessage(EventId = EventIds.RunStarting, Level = LogLevel.Debug, Message = "Connecting to {User}@{Host}:{SshPort}, tunnel to 127.0.0.1:{LocalPort}")]
    private static partial void LogStarting(ILogger logger, string host, string user, int sshPort, int localPort);

    [LoggerMessage(EventId = EventIds.RunEnded, Level = LogLevel.Information, Message = "{Host}: run ended: {Outcome}, exit code {ExitCode}")]
    private static partial void LogEnded(ILogger logger, string host, BackupOutcome outcome, int exitCode);

    [LoggerMessage(EventId = EventIds.RunFailed, Level = LogLevel.Debug, Message = "{Host}: run failed: {Failure}")]
    private static partial void LogFailed(ILogger logger, string host, string failure, Exception exception);

    // Debug: the result carries the failure and the CLI prints it as one line; the stack is for --debug.
    [LoggerMessage(EventId = EventIds.RunFailedUnexpectedly, Level = LogLevel.Debug, Message = "{Host}: run failed unexpectedly")]
    private static partial void LogFailedUnexpectedly(ILogger logger, string host, Exception exception);

    [LoggerMessage(EventId = EventIds.RepositoryNotMeasured, Level = LogLevel.Warning, Message = "{Folder}: cannot measure the repository's size: {Reason}")]
    private static partial void LogNotMeasured(ILogger logger, string folder, string reason);

    [LoggerMessage(EventId = EventIds.RunLocksRemoved, Level = LogLevel.Warning, Message = "{Host}: restic left {Count} lock(s) of this run in the repository; the server removed them: {Locks}")]
    private static partial void LogLocksRemoved(ILogger logger, string host, int count, string locks);

    [LoggerMessage(EventId = EventIds.RunInterrupted, Level = LogLevel.Information, Message = "{Host}: run interrupted: {How}")]
    private static partial void LogInterrupted(ILogger logger, string host, string how);
}
