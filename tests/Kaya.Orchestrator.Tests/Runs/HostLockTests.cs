using Kaya.Orchestrator.Runs;

namespace Kaya.Orchestrator.Tests.Runs;

public sealed class HostLockTests : IDisposable
{
    private readonly TempFolder _root = new();

    [Fact]
    public void A_second_lock_for_the_same_host_fails_at_once()
    {
        using var first = HostLock.Acquire(_root.Path, "www1");

        var e = Assert.Throws<HostBusyException>(() => HostLock.Acquire(_root.Path, "www1"));
        Assert.Contains("www1", e.Message);
        Assert.True(e.IsTransient);
    }

    [Fact]
    public void The_busy_message_is_one_line_of_kayas_own_words_and_exits_22()
    {
        using var first = HostLock.Acquire(_root.Path, "www1");

        var e = Assert.Throws<HostBusyException>(() => HostLock.Acquire(_root.Path, "www1"));

        Assert.Equal($"www1: another kaya run for this host is in progress (lock {Path.Combine(_root.Path, ".kaya-locks", "www1")} is held); try again when it has ended", e.OneLine);
        Assert.Equal(22, e.ExitCode);
    }

    [Fact]
    public void Different_hosts_lock_independently()
    {
        using var first = HostLock.Acquire(_root.Path, "www1");
        using var second = HostLock.Acquire(_root.Path, "www2");

        Assert.True(File.Exists(_root.Combine(".kaya-locks", "www2")));
    }

    [Fact]
    public void A_released_lock_can_be_taken_again()
    {
        HostLock.Acquire(_root.Path, "www1").Dispose();

        using var again = HostLock.Acquire(_root.Path, "www1");
        Assert.NotNull(again);
    }

    public void Dispose() => _root.Dispose();
}
