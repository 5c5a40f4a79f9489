namespace Kaya.Orchestrator;

/// <summary>
/// A failure nobody classified (a bug, or a fault kaya does not know yet), wrapped at the outermost boundary
/// so that it too ends in one line and a code; the stack stays in <see cref="Exception.InnerException"/> for --debug.
/// </summary>
public sealed class UnexpectedException(string what, Exception inner)
    : KayaException($"{what}: {inner.GetType().Name}: {inner.Message}", inner)
{
    public override bool IsTransient => false;
    public override int ExitCode => ExitCodes.Unexpected;
    public override string Advice => "run with --debug for details";
}
