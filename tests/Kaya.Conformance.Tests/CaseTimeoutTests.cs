using Microsoft.Extensions.Time.Testing;

namespace Kaya.Conformance.Tests;

/// <summary>The per-case time limit runs on the options' clock: a fake one here, so nothing sleeps.</summary>
public sealed class CaseTimeoutTests
{
    [Fact]
    public async Task A_case_that_gets_no_answer_fails_when_the_case_timeout_passes_on_the_injected_clock()
    {
        var time = new FakeTimeProvider();
        var options = new ConformanceOptions { BaseUrl = new Uri("http://127.0.0.1:9/"), Time = time };
        using var http = new ServerClient(options);
        var hanging = new Case("STATUS-1", "waits for an answer that never comes", Needs.None, false, (_, ct) => Task.Delay(Timeout.Infinite, ct));

        var outcome = ConformanceRunner.RunOneAsync(hanging, new CaseContext(options, http), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(outcome.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        var result = await outcome.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(result.Passed);
        Assert.Equal("no answer within 30 s", result.Detail);
    }
}
