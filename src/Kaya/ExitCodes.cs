namespace Kaya.Cli;

/// <summary>Exit codes, following restic where a meaning is shared.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>A fatal error (restic: 1).</summary>
    public const int Failure = 1;
    /// <summary>Bad command line or arguments (the usual convention for usage errors).</summary>
    public const int Usage = 2;
}
