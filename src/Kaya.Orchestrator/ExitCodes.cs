namespace Kaya.Orchestrator;

/// <summary>
/// Every exit code of every <c>kaya</c> command, in one table (README "Exit codes" lists the same).
/// Where restic gives a code a meaning, kaya keeps it; kaya's own codes sit between restic's (0-12) and the shell's (126+).
/// </summary>
public static class ExitCodes
{
    /// <summary>Done; also a backup whose restic exited 3 (snapshot saved, some files unreadable: a warning is printed).</summary>
    public const int Success = 0;

    /// <summary>A known failure with its one-line message (restic: 1, fatal error); <c>kaya serve</c> could not start; <c>kaya conformance</c> found failing cases.</summary>
    public const int Failure = 1;

    /// <summary>Bad command line: the usual convention for usage errors (and restic's from 0.17); also a HOST kaya knows nothing of (<c>kaya status HOST</c>) and a forget without any keep rule.</summary>
    public const int Usage = 2;

    /// <summary>restic backup: snapshot saved but some source files could not be read (restic's own code; the bootstrap script uses it too).</summary>
    public const int ResticIncomplete = 3;

    /// <summary>Config file, backup root, host folder or password file unusable.</summary>
    public const int Config = 20;

    /// <summary>SSH connect, authentication, host key, tunnel failure, or the connection dropped.</summary>
    public const int Transport = 21;

    /// <summary>Another run for the host holds its lock.</summary>
    public const int HostBusy = 22;

    /// <summary>backup_root does not exist (its volume may not be mounted): kaya does not create it.</summary>
    public const int BackupRootMissing = 23;

    /// <summary>The history database cannot be opened, migrated or written (its path is named).</summary>
    public const int Database = 24;

    /// <summary>An unexpected error: a bug or a fault kaya does not know; the message says to run with --debug (sysexits EX_SOFTWARE).</summary>
    public const int Unexpected = 70;

    /// <summary>The bootstrap script on the target: its parameters on stdin ended early (the connection dropped while they were sent).</summary>
    public const int BootstrapIncompleteParameters = 90;

    /// <summary>The bootstrap script on the target: restic is not installed there (the shell's "command not found").</summary>
    public const int ResticNotInstalled = 127;

    /// <summary>Stopped by SIGINT (128 + 2, the shell's convention); <c>kaya serve</c> exits 0 after a graceful stop instead.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM (128 + 15); <c>kaya serve</c> exits 0 after a graceful stop instead (systemd counts 143 as a failed stop).</summary>
    public const int Terminated = 143;
}
