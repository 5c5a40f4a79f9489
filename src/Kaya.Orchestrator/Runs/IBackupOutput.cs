namespace Kaya.Orchestrator.Runs;

/// <summary>Where restic's lines go: the console in the CLI, a list in tests, a log later.</summary>
public interface IBackupOutput
{
    void Out(string line);
    void Error(string line);

    /// <summary>restic's latest status (from --json); a terminal shows it as a live line, other outputs leave it out.</summary>
    void Progress(ResticProgress progress) { }
}
