namespace Kaya.Orchestrator.Runs;

/// <summary>How a run ended, from the user's point of view.</summary>
public enum BackupOutcome
{
    /// <summary>restic exited 0.</summary>
    Succeeded,
    /// <summary>restic exited 3: the snapshot was saved but some source files could not be read.</summary>
    Incomplete,
    /// <summary>restic (or the bootstrap) exited with another code.</summary>
    ResticFailed,
    /// <summary>The config or backup root was unusable.</summary>
    ConfigFailed,
    /// <summary>SSH could not connect or dropped, or the host key was refused.</summary>
    TransportFailed,
    /// <summary>Another run for this host held the lock.</summary>
    HostBusy,
}

/// <summary>Exit codes of a backup run besides restic's own (0, 1, 3, ...).</summary>
public static class BackupExitCodes
{
    /// <summary>Config, backup root or password file unusable (above restic's codes, below 126).</summary>
    public const int Config = 20;
    /// <summary>SSH connect, authentication, host key, tunnel failure, or the connection dropped.</summary>
    public const int Transport = 21;
    /// <summary>Another run for the host holds the lock.</summary>
    public const int HostBusy = 22;
}

/// <summary>One run's outcome: what a history database and metrics will read.</summary>
public sealed record BackupResult
{
    public required string Host { get; init; }
    public required BackupOutcome Outcome { get; init; }
    public required DateTimeOffset Started { get; init; }
    public required TimeSpan Duration { get; init; }
    /// <summary>restic's exit code on the target; null when restic never reported one.</summary>
    public int? ResticExitCode { get; init; }
    public string? SnapshotId { get; init; }
    public long? BytesAdded { get; init; }
    /// <summary>One line: what failed and what to do; null on success.</summary>
    public string? Failure { get; init; }
    /// <summary>Whether trying again later may help.</summary>
    public bool IsTransient { get; init; }

    public int ExitCode => Outcome switch
    {
        BackupOutcome.Succeeded or BackupOutcome.Incomplete => 0,
        BackupOutcome.ResticFailed => ResticExitCode is > 0 ? ResticExitCode.Value : 1,
        BackupOutcome.ConfigFailed => BackupExitCodes.Config,
        BackupOutcome.HostBusy => BackupExitCodes.HostBusy,
        _ => BackupExitCodes.Transport,
    };
}
