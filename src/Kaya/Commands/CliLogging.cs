using Microsoft.Extensions.Logging;

namespace Kaya.Cli.Commands;

/// <summary>The console logging of the run commands: warnings, or everything with --debug; all on stderr.</summary>
internal static class CliLogging
{
    public static ILoggerFactory Create(bool debug, LogLevel level = LogLevel.Warning) => LoggerFactory.Create(b => b
        .SetMinimumLevel(debug ? LogLevel.Debug : level)
        // The embedded server's hosting messages are noise even under --debug; its warnings still show.
        .AddFilter("Microsoft", debug ? LogLevel.Warning : LogLevel.Error)
        // A listener that cannot start is logged by the host with its stack, then thrown to kaya, which says it in one line.
        .AddFilter("Microsoft.Extensions.Hosting", debug ? LogLevel.Warning : LogLevel.None)
        .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = null; })
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
}
