using Kaya.Orchestrator.Logging;
using Microsoft.Extensions.Logging;

namespace Kaya.Orchestrator.Runs;

public sealed partial class BackupRun
{
    [LoggerMessage(EventId = EventIds.RunEnded, Level = LogLevel.Information, Message = "{Host}: run ended: {Outcome}, exit code {ExitCode}")]
    private static partial void LogEnded(ILogger logger, string host, BackupOutcome outcome, int exitCode);

    [LoggerMessage(EventId = EventIds.RepositoryNotMeasured, Level = LogLevel.Warning, Message = "{Folder}: cannot measure the repository's size: {Reason}")]
    private static partial void LogNotMeasured(ILogger logger, string folder, string reason);
}
