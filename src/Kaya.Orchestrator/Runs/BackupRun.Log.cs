using Microsoft.Extensions.Logging;

namespace Kaya.Orchestrator.Runs;

public sealed partial class BackupRun
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} temporary files of an interrupted run under {Folder}")]
    private static partial void LogSwept(ILogger logger, int count, string folder);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Connecting to {User}@{Host}:{SshPort}, tunnel to 127.0.0.1:{LocalPort}")]
    private static partial void LogStarting(ILogger logger, string host, string user, int sshPort, int localPort);
}
