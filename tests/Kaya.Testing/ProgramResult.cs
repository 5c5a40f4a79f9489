namespace Kaya.Testing;

/// <summary>What a program did: its exit code, everything it wrote, and its wall time from start to exit.</summary>
public sealed record ProgramResult(int ExitCode, string Stdout, string Stderr, TimeSpan Wall)
{
    /// <summary>This result when the exit code is 0.</summary>
    /// <exception cref="ProgramException">the exit code is not 0; the message ends with the tail of the program's output</exception>
    public ProgramResult EnsureSuccess(string what) => ExitCode == 0
        ? this
        : throw new ProgramException($"{what} exited with {ExitCode}: {Tail(Stderr.Length > 0 ? Stderr : Stdout)}");

    /// <summary>For <c>var (code, stdout, stderr) = …</c>, the wall time left out.</summary>
    public void Deconstruct(out int exitCode, out string stdout, out string stderr) => (exitCode, stdout, stderr) = (ExitCode, Stdout, Stderr);

    // 600 characters: enough for the error a program ends with, short enough for a test failure line.
    private static string Tail(string text) => text.Length <= 600 ? text.Trim() : "…" + text[^600..].Trim();
}
