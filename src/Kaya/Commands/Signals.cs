using System.Runtime.InteropServices;
using Kaya.Orchestrator;

namespace Kaya.Cli.Commands;

/// <summary>SIGINT and SIGTERM as a cancellation token, for a graceful stop; remembers which came first.</summary>
internal sealed class Signals : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    public Signals()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
        ];
    }

    public CancellationToken Token => _cts.Token;

    /// <summary>The exit code of a run the first signal stopped: 130 for SIGINT, 143 for SIGTERM (128 + the signal's number).</summary>
    public int StoppedExitCode => _received == (int)PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        Interlocked.CompareExchange(ref _received, (int)context.Signal, 0);
        _cts.Cancel();
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _cts.Dispose();
    }
}
