using Kaya.Orchestrator.Config;

namespace Kaya.Cli.Commands;

internal static class ByteSize
{
    /// <summary>Bytes, optionally with a binary suffix: 500000, 10K, 20M, 5G, 1T (the config grammar's sizes).</summary>
    public static bool TryParse(string text, out long bytes) => ConfigValues.TryParseSize(text.Trim(), out bytes);
}
