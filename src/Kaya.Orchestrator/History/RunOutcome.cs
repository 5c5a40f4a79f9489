using Kaya.Orchestrator.Runs;

namespace Kaya.Orchestrator.History;

/// <summary>How a recorded run ended. Stored and printed in kebab-case (<see cref="RunOutcomes.ToText"/>).</summary>
public enum RunOutcome
{
    /// <summary>restic exited 0.</summary>
    Succeeded,
    /// <summary>restic exited 3: a snapshot was saved, some files could not be read. Counts as a success for staleness.</summary>
    Incomplete,
    /// <summary>restic, the bootstrap or the config failed.</summary>
    Failed,
    /// <summary>SSH could not connect, dropped, or the host key was refused.</summary>
    TransportFailed,
    /// <summary>Stopped by a signal or a shutdown before it ended.</summary>
    Interrupted,
    /// <summary>Another run held the host.</summary>
    Busy,
}

/// <summary>What a recorded run was started by. Stored in lower case.</summary>
public enum RunTrigger
{
    /// <summary><c>kaya HOST backup</c>.</summary>
    Cli,
    /// <summary><c>kaya run</c>.</summary>
    Run,
    /// <summary><c>kaya daemon</c>.</summary>
    Daemon,
}

/// <summary>What a recorded run did. Stored in lower case.</summary>
public enum RunKind
{
    /// <summary><c>restic backup</c> on the target.</summary>
    Backup,
    /// <summary><c>kaya HOST restore-to-target</c>: <c>restic restore</c> on the target, read-only.</summary>
    Restore,
}

/// <summary>The texts of <see cref="RunOutcome"/>, <see cref="RunTrigger"/> and <see cref="RunKind"/> in the database, JSON and metrics (docs/json.md).</summary>
public static class RunOutcomes
{
    public static string ToText(this RunOutcome outcome) => outcome switch
    {
        RunOutcome.Succeeded => "succeeded",
        RunOutcome.Incomplete => "incomplete",
        RunOutcome.Failed => "failed",
        RunOutcome.TransportFailed => "transport-failed",
        RunOutcome.Interrupted => "interrupted",
        _ => "busy",
    };

    public static IReadOnlyList<RunOutcome> All { get; } = Enum.GetValues<RunOutcome>();

    public static RunOutcome Parse(string text) =>
        All.FirstOrDefault(o => o.ToText() == text, RunOutcome.Failed);

    public static string ToText(this RunTrigger trigger) => trigger switch
    {
        RunTrigger.Cli => "cli",
        RunTrigger.Run => "run",
        _ => "daemon",
    };

    public static RunTrigger ParseTrigger(string text) => text switch
    {
        "cli" => RunTrigger.Cli,
        "run" => RunTrigger.Run,
        _ => RunTrigger.Daemon,
    };

    public static string ToText(this RunKind kind) => kind == RunKind.Restore ? "restore" : "backup";

    public static RunKind ParseKind(string text) => text == "restore" ? RunKind.Restore : RunKind.Backup;

    /// <summary>Whether the run saved a snapshot: succeeded, or incomplete (restic 3).</summary>
    public static bool IsSuccess(this RunOutcome outcome) => outcome is RunOutcome.Succeeded or RunOutcome.Incomplete;

    /// <summary>Whether the run says the host is failing; interrupted and busy runs say nothing about the host.</summary>
    public static bool IsFailure(this RunOutcome outcome) => outcome is RunOutcome.Failed or RunOutcome.TransportFailed;

    /// <summary>The recorded outcome of a finished <see cref="BackupRun"/>.</summary>
    public static RunOutcome From(BackupOutcome outcome) => outcome switch
    {
        BackupOutcome.Succeeded => RunOutcome.Succeeded,
        BackupOutcome.Incomplete => RunOutcome.Incomplete,
        BackupOutcome.TransportFailed => RunOutcome.TransportFailed,
        BackupOutcome.HostBusy => RunOutcome.Busy,
        BackupOutcome.Interrupted => RunOutcome.Interrupted,
        _ => RunOutcome.Failed,
    };
}
