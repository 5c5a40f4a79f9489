namespace Kaya.Orchestrator.History;

/// <summary>
/// The history's schema as forward migrations: script N takes the database from user_version N-1 to N.
/// Append a script to change the schema; never edit one that has shipped.
/// </summary>
internal static class HistorySchema
{
    public static readonly string[] Migrations =
    [
        // 1: runs, and the last state each host was alerted in.
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            host TEXT NOT NULL,
            trigger TEXT NOT NULL,
            started_ms INTEGER NOT NULL,
            ended_ms INTEGER,
            outcome TEXT,
            kaya_exit_code INTEGER,
            restic_exit_code INTEGER,
            reason TEXT,
            snapshot_id TEXT,
            files_new INTEGER,
            files_changed INTEGER,
            files_unmodified INTEGER,
            bytes_processed INTEGER,
            bytes_added INTEGER,
            duration_ms INTEGER,
            transport TEXT,
            attempts INTEGER NOT NULL DEFAULT 1,
            kaya_version TEXT NOT NULL,
            repository_bytes INTEGER,
            snapshot_count INTEGER,
            pid INTEGER,
            log BLOB
        );
        CREATE INDEX runs_by_host ON runs (host, started_ms);
        CREATE INDEX runs_open ON runs (ended_ms) WHERE ended_ms IS NULL;
        CREATE TABLE host_states (
            host TEXT PRIMARY KEY,
            state TEXT NOT NULL,
            since_ms INTEGER NOT NULL
        );
        """,
        // 2: the last scrubs of each host's repository (issue 10).
        """
        CREATE TABLE scrubs (
            id INTEGER PRIMARY KEY,
            host TEXT NOT NULL,
            started_ms INTEGER NOT NULL,
            finished_ms INTEGER NOT NULL,
            completed INTEGER NOT NULL,
            objects_checked INTEGER NOT NULL,
            bytes_read INTEGER NOT NULL,
            corrupt INTEGER NOT NULL,
            findings INTEGER NOT NULL,
            result TEXT NOT NULL
        );
        CREATE INDEX scrubs_by_host ON scrubs (host, finished_ms);
        """,
        // 3: the arrival ledger (issue 10): one row per snapshot, the first arrival kept.
        """
        CREATE TABLE ledger (
            id INTEGER PRIMARY KEY,
            repository TEXT NOT NULL,
            snapshot_id TEXT NOT NULL,
            arrival_ms INTEGER NOT NULL,
            source TEXT NOT NULL,
            run_id TEXT,
            host_key TEXT,
            size_bytes INTEGER NOT NULL,
            UNIQUE (repository, snapshot_id)
        );
        """,
        // 4: every forget (and prune) of a host's repository, by the CLI or the daemon (issue 10).
        """
        CREATE TABLE IF NOT EXISTS forgets (
            id INTEGER PRIMARY KEY,
            host TEXT NOT NULL,
            started_ms INTEGER NOT NULL,
            ended_ms INTEGER NOT NULL,
            trigger TEXT NOT NULL,
            kept INTEGER,
            removed INTEGER,
            pruned INTEGER NOT NULL,
            outcome TEXT NOT NULL,
            reason TEXT
        );
        CREATE INDEX IF NOT EXISTS forgets_by_host ON forgets (host, ended_ms);
        """,
        // 5: what each run did (backup or restore). Rows before it were all backups.
        """
        ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'backup';
        """,
    ];

    /// <summary>The columns of a run as lists read them: all but the log.</summary>
    public const string RunColumns =
        "id, host, trigger, started_ms, ended_ms, outcome, kaya_exit_code, restic_exit_code, reason, snapshot_id, " +
        "files_new, files_changed, files_unmodified, bytes_processed, bytes_added, duration_ms, transport, attempts, " +
        "kaya_version, repository_bytes, snapshot_count, kind";
}
