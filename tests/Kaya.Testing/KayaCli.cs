namespace Kaya.Testing;

/// <summary>
/// The real <c>kaya</c> program, run as <c>dotnet kaya.dll</c> from the test's output folder (a test
/// project that references src/Kaya gets kaya.dll copied there).
/// </summary>
public static class KayaCli
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "kaya.dll");

    /// <summary>Runs kaya to its end with an empty stdin.</summary>
    public static Task<ProgramResult> RunAsync(params string[] args) => Programs.RunAsync("dotnet", [Dll, .. args]);

    /// <summary>Starts <c>kaya serve ARGS</c> and waits for its "start server on ADDR" line.</summary>
    /// <exception cref="ProgramException">it exited or was not ready in time; the message has its output</exception>
    public static Task<ServerProcess> ServeAsync(params string[] args) => ServerProcess.StartAsync("dotnet", [Dll, "serve", .. args]);
}
