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

    /// <summary>
    /// The arguments for <c>env</c> that run <c>dotnet kaya.dll ARGS</c> with SIGINT back at its default: a suite
    /// started in the background (<c>cmd &amp;</c> in a script) hands its children SIGINT ignored, and a test that
    /// sends SIGINT must not depend on how the suite was started.
    /// </summary>
    public static string[] WithSigintRestored(params string[] args) => ["--default-signal=INT", "dotnet", Dll, .. args];
}
