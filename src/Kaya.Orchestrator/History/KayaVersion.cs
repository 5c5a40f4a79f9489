using System.Reflection;

namespace Kaya.Orchestrator.History;

/// <summary>The version recorded with every run: the program's informational version.</summary>
public static class KayaVersion
{
    public static string Current { get; } =
        (Assembly.GetEntryAssembly() ?? typeof(KayaVersion).Assembly).GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "unknown";
}
