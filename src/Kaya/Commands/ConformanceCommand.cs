using System.CommandLine;

namespace Kaya.Cli.Commands;

/// <summary><c>kaya conformance URL [options]</c> (to be built: conformance issue).</summary>
internal static class ConformanceCommand
{
    public static Command Create() => new("conformance", "Check a restic REST server against the protocol (not built yet).");
}
