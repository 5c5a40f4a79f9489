using Kaya.Orchestrator.Logging;
using Microsoft.Extensions.Logging;

namespace Kaya.Orchestrator.Transport;

/// <summary>
/// How either transport ends a remote command whose run was cancelled: ask it to stop (a line on its
/// stdin), keep the connection and the tunnel up while it cleans up, and drop the connection only if
/// it has not ended within the grace period. Armed once the command has its parameters; disposed once
/// it has ended.
/// </summary>
internal sealed partial class RemoteStop(string host, RemoteInvocation invocation, Func<byte[], Task<bool>> write, Action drop, TimeProvider time, ILogger logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _ended = new();
    private CancellationTokenRegistration _registration;
    private Task _stopping = Task.CompletedTask;
    private volatile bool _requested, _dropped;

    /// <summary>Whether the run was cancelled while the command ran, so that it was asked to stop.</summary>
    public bool Requested => _requested;

    /// <summary>Whether the command did not end within the grace period (or could not be asked), so the connection was dropped.</summary>
    public bool Dropped => _dropped;

    /// <summary>The account of a command that had to be cut off, for <see cref="RemoteExit.Reason"/>.</summary>
    public string DroppedReason => invocation.Stop is null
        ? "the run was cancelled; the connection was dropped"
        : $"the remote command did not stop within {invocation.StopGrace.TotalSeconds:0} s of being asked; the connection was dropped";

    /// <param name="write">writes bytes to the command's stdin; false when that failed (the session is gone)</param>
    /// <param name="drop">drops the connection: the bootstrap then sees its stdin end</param>
    public static RemoteStop Arm(string host, RemoteInvocation invocation, Func<byte[], Task<bool>> write, Action drop, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var stop = new RemoteStop(host, invocation, write, drop, time, logger);
        stop._registration = cancellationToken.Register(() => stop._stopping = stop.StopAsync());
        return stop;
    }

    private async Task StopAsync()
    {
        _requested = true;
        if (invocation.Stop is { } line)
        {
            LogStopRequested(logger, host, invocation.StopGrace.TotalSeconds);
            if (await write(System.Text.Encoding.UTF8.GetBytes(line)))
            {
                try
                {
                    await Task.Delay(invocation.StopGrace, time, _ended.Token);
                }
                catch (OperationCanceledException)
                {
                    return; // it ended in time
                }
                LogStopTimedOut(logger, host, invocation.StopGrace.TotalSeconds);
            }
        }
        if (_ended.IsCancellationRequested) return;
        _dropped = true;
        drop();
    }

    /// <summary>Called once the command has ended: stops the grace timer.</summary>
    public async ValueTask DisposeAsync()
    {
        await _registration.DisposeAsync();
        await _ended.CancelAsync();
        await _stopping;
        _ended.Dispose();
    }

    [LoggerMessage(EventId = EventIds.RemoteStopRequested, Level = LogLevel.Information, Message = "{Host}: run cancelled: asking restic to stop; the tunnel stays up for up to {Seconds} s")]
    private static partial void LogStopRequested(ILogger logger, string host, double seconds);

    [LoggerMessage(EventId = EventIds.RemoteStopTimedOut, Level = LogLevel.Warning, Message = "{Host}: restic did not stop within {Seconds} s; dropping the connection")]
    private static partial void LogStopTimedOut(ILogger logger, string host, double seconds);
}
