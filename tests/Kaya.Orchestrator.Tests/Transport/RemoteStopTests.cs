using Kaya.Orchestrator.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kaya.Orchestrator.Tests.Transport;

public sealed class RemoteStopTests
{
    private static readonly RemoteInvocation Invocation = new("true", 1, 0, _ => "", _ => { }, _ => { })
    {
        Stop = "stop\n",
        StopGrace = TimeSpan.FromSeconds(30),
    };

    [Fact]
    public async Task A_cancelled_run_writes_the_stop_line_and_drops_the_connection_only_after_the_grace()
    {
        var time = new FakeTimeProvider();
        using var cancel = new CancellationTokenSource();
        var written = new List<string>();
        var drops = 0;
        var stop = RemoteStop.Arm("www1", Invocation, b => { written.Add(System.Text.Encoding.UTF8.GetString(b)); return Task.FromResult(true); }, () => drops++, time, NullLogger.Instance, cancel.Token);

        cancel.Cancel();
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(["stop\n"], written);
        Assert.Equal(0, drops);
        time.Advance(TimeSpan.FromSeconds(1));
        await stop.DisposeAsync();

        Assert.Equal(1, drops);
        Assert.True(stop.Requested);
        Assert.True(stop.Dropped);
        Assert.Equal("the remote command did not stop within 30 s of being asked; the connection was dropped", stop.DroppedReason);
    }

    [Fact]
    public async Task A_command_that_ends_within_the_grace_keeps_its_connection()
    {
        var time = new FakeTimeProvider();
        using var cancel = new CancellationTokenSource();
        var drops = 0;
        var stop = RemoteStop.Arm("www1", Invocation, _ => Task.FromResult(true), () => drops++, time, NullLogger.Instance, cancel.Token);

        cancel.Cancel();
        time.Advance(TimeSpan.FromSeconds(5));
        await stop.DisposeAsync();
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(0, drops);
        Assert.True(stop.Requested);
        Assert.False(stop.Dropped);
    }

    [Fact]
    public async Task A_stop_line_that_cannot_be_written_drops_the_connection_at_once()
    {
        using var cancel = new CancellationTokenSource();
        var drops = 0;
        var stop = RemoteStop.Arm("www1", Invocation, _ => Task.FromResult(false), () => drops++, new FakeTimeProvider(), NullLogger.Instance, cancel.Token);

        cancel.Cancel();
        await stop.DisposeAsync();

        Assert.Equal(1, drops);
        Assert.True(stop.Dropped);
    }

    [Fact]
    public async Task A_run_that_is_not_cancelled_asks_nothing()
    {
        var written = 0;
        var stop = RemoteStop.Arm("www1", Invocation, _ => { written++; return Task.FromResult(true); }, () => { }, new FakeTimeProvider(), NullLogger.Instance, CancellationToken.None);

        await stop.DisposeAsync();

        Assert.Equal(0, written);
        Assert.False(stop.Requested);
    }
}
