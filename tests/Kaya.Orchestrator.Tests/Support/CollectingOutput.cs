using Kaya.Orchestrator.Runs;

namespace Kaya.Orchestrator.Tests.Support;

/// <summary>Keeps restic's lines for assertions.</summary>
public sealed class CollectingOutput : IBackupOutput
{
    private readonly List<string> _out = [];
    private readonly List<string> _error = [];

    public IReadOnlyList<string> Stdout { get { lock (_out) return [.. _out]; } }
    public IReadOnlyList<string> Stderr { get { lock (_error) return [.. _error]; } }

    public void Out(string line) { lock (_out) _out.Add(line); }
    public void Error(string line) { lock (_error) _error.Add(line); }

    public override string ToString() => string.Join('\n', Stdout.Concat(Stderr));
}
