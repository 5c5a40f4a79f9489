namespace Kaya.Orchestrator;

/// <summary>
/// A failure a user can act on, classified once where it happens: whether trying again later may help
/// (<see cref="IsTransient"/>), the exit code it ends a command with (<see cref="ExitCodes"/>), and what to do
/// (<see cref="Advice"/>). Anything that is not a KayaException is unexpected: one line and "run with --debug".
/// </summary>
public abstract class KayaException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>True when trying again later, unchanged, may succeed (a dropped connection); false when someone must change something first.</summary>
    public abstract bool IsTransient { get; }

    /// <summary>The code from <see cref="ExitCodes"/> a command ends with on this failure.</summary>
    public abstract int ExitCode { get; }

    /// <summary>What the user should do, when the message does not already say it; null otherwise.</summary>
    public virtual string? Advice => null;

    /// <summary>The one line to print: what failed, then what to do.</summary>
    public string OneLine => Advice is { } advice ? $"{Message}; {advice}" : Message;
}
