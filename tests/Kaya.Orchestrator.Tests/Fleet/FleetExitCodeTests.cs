using Kaya.Orchestrator.Fleet;
using Kaya.Orchestrator.History;

namespace Kaya.Orchestrator.Tests.Fleet;

public sealed class FleetExitCodeTests
{
    private static RunRecord Run(RunOutcome outcome, int code) => new()
    {
        Host = "h", Trigger = RunTrigger.Run, Started = DateTimeOffset.UnixEpoch, Outcome = outcome, KayaExitCode = code,
    };

    [Fact]
    public void Every_host_succeeded_or_incomplete_is_0()
    {
        Assert.Equal(0, FleetExitCode.Of([Run(RunOutcome.Succeeded, 0), Run(RunOutcome.Incomplete, 0)]));
    }

    [Fact]
    public void The_most_severe_code_wins_in_the_documented_order()
    {
        Assert.Equal(ExitCodes.Transport, FleetExitCode.Of([Run(RunOutcome.Busy, ExitCodes.HostBusy), Run(RunOutcome.TransportFailed, ExitCodes.Transport), Run(RunOutcome.Failed, 11)]));
        Assert.Equal(ExitCodes.Config, FleetExitCode.Of([Run(RunOutcome.TransportFailed, ExitCodes.Transport), Run(RunOutcome.Failed, ExitCodes.Config)]));
        Assert.Equal(11, FleetExitCode.Of([Run(RunOutcome.Succeeded, 0), Run(RunOutcome.Failed, 1), Run(RunOutcome.Failed, 11)]));
    }
}
