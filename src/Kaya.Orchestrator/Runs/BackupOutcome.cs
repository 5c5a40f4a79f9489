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
    /// <summary>The config, backup root, host folder or password file was unusable.</summary>
    ConfigFailed,
    /// <summary>SSH could not connect or dropped, or the host key was refused.</summary>
    TransportFailed,
    /// <summary>Another run for this host held the lock.</summary>
    HostBusy,
    /// <summary>Something nobody classified failed (<see cref="ExitCodes.Unexpected"/>).</summary>
    Unexpected,
    /// <summary>The caller cancelled the run (a signal, a shutdown) before restic saved a snapshot; the target's restic was asked to stop.</summary>
    Interrupted,
}
