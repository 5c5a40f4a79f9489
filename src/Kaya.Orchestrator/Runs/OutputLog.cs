using System.Text;

namespace Kaya.Orchestrator.Runs;

/// <summary>Passes restic's lines on and keeps them for the history (progress lines are not kept).</summary>
internal sealed class OutputLog(IBackupOutput inner) : IBackupOutput
{
    private readonly StringBuilder _text = new();

    public string Text { get { lock (_text) return _text.ToString(); } }

    public void Out(string line)
    {
        lock (_text) _text.Append(line).Append('\n');
        inner.Out(line);
    }

    public void Error(string line)
    {
        lock (_text) _text.Append(line).Append('\n');
        inner.Error(line);
    }

    public void Progress(ResticProgress progress) => inner.Progress(progress);
}
