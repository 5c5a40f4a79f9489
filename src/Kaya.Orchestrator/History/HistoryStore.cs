using Microsoft.Data.Sqlite;

namespace Kaya.Orchestrator.History;

/// <summary>
/// The run history in SQLite. Every call opens its own connection, so one store serves many tasks and several
/// processes (cron's <c>kaya run</c> beside <c>kaya daemon</c>) share one file: WAL mode lets readers run beside a
/// writer, writers queue on SQLite's lock for up to <see cref="BusyTimeout"/>, and each write is one transaction.
/// Errors surface as <see cref="HistoryException"/> naming the file.
/// </summary>
public sealed partial class HistoryStore
{
    /// <summary>How long a write waits for another writer: 30 s, far above the milliseconds one insert holds the lock.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private readonly string _connectionString;
    private readonly Func<int, bool> _processIsAlive;

    private HistoryStore(string path, Func<int, bool>? processIsAlive)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
        _processIsAlive = processIsAlive ?? (pid => Directory.Exists($"/proc/{pid}"));
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The schema version this build writes.</summary>
    public static int SchemaVersion => HistorySchema.Migrations.Length;

    /// <summary>
    /// Opens (creating the file and its 0700 folder if needed) and migrates the database forward.
    /// <paramref name="processIsAlive"/> decides whether an unfinished run's process still lives (tests); default: /proc.
    /// Throws <see cref="HistoryException"/> when it cannot, or when a newer kaya wrote it.
    /// </summary>
    public static async Task<HistoryStore> OpenAsync(string path, CancellationToken cancellationToken = default, Func<int, bool>? processIsAlive = null)
    {
        SqliteNative.EnsureLoaded();
        try
        {
            var folder = System.IO.Path.GetDirectoryName(path);
            // 0700: the runs' logs name files of the targets.
            if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder)) Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var store = new HistoryStore(path, processIsAlive);
            await store.MigrateAsync(cancellationToken);
            return store;
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new HistoryException($"{path}: cannot open the run history: {e.Message}", e);
        }
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        // Persistent in the file; must be set outside a transaction.
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL", cancellationToken);
        // BEGIN IMMEDIATE: two processes opening a new file at once migrate one after the other.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var version = Convert.ToInt32(await ScalarAsync(connection, "PRAGMA user_version", cancellationToken));
        if (version > SchemaVersion)
            throw new HistoryException($"{Path}: the run history has schema {version}, newer than this kaya's {SchemaVersion}; run the newer kaya, or move the file aside");
        for (var v = version; v < SchemaVersion; v++)
        {
            await ExecuteAsync(connection, HistorySchema.Migrations[v], cancellationToken);
            await ExecuteAsync(connection, $"PRAGMA user_version={v + 1}", cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Records a finished run in one call; returns its id.</summary>
    public Task<long> RecordAsync(RunRecord run, CancellationToken cancellationToken = default) =>
        Guard(async () =>
        {
            await using var connection = await ConnectAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO runs (host, trigger, started_ms, ended_ms, outcome, kaya_exit_code, restic_exit_code, reason, snapshot_id,
                    files_new, files_changed, files_unmodified, bytes_processed, bytes_added, duration_ms, transport, attempts,
                    kaya_version, repository_bytes, snapshot_count, pid, log, kind)
                VALUES ($host, $trigger, $started, $ended, $outcome, $kaya_exit, $restic_exit, $reason, $snapshot,
                    $files_new, $files_changed, $files_unmodified, $bytes_processed, $bytes_added, $duration, $transport, $attempts,
                    $version, $repository_bytes, $snapshot_count, $pid, $log, $kind)
                RETURNING id
                """;
            Bind(command, run);
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
        });

    /// <summary>Records that a run has started (status shows the host as running); finish it with <see cref="CompleteAsync"/>.</summary>
    /// <param name="kind">what the run does; a restore's row never counts as a host's backup</param>
    public Task<long> BeginAsync(string host, RunTrigger trigger, DateTimeOffset started, string? transport = null, CancellationToken cancellationToken = default, RunKind kind = RunKind.Backup) =>
        RecordAsync(new RunRecord { Host = host, Trigger = trigger, Started = started, Transport = transport, Kind = kind }, cancellationToken);

    /// <summary>Finishes the run <paramref name="id"/> from <see cref="BeginAsync"/> with everything in <paramref name="run"/> (its host and start stay).</summary>
    public Task CompleteAsync(long id, RunRecord run, CancellationToken cancellationToken = default) =>
        Guard(async () =>
        {
            await using var connection = await ConnectAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                UPDATE runs SET ended_ms = $ended, outcome = $outcome, kaya_exit_code = $kaya_exit, restic_exit_code = $restic_exit,
                    reason = $reason, snapshot_id = $snapshot, files_new = $files_new, files_changed = $files_changed,
                    files_unmodified = $files_unmodified, bytes_processed = $bytes_processed, bytes_added = $bytes_added,
                    duration_ms = $duration, transport = COALESCE($transport, transport), attempts = $attempts,
                    repository_bytes = $repository_bytes, snapshot_count = $snapshot_count, pid = NULL, log = $log
                WHERE id = $id
                """;
            Bind(command, run);
            command.Parameters.AddWithValue("$id", id);
            if (await command.ExecuteNonQueryAsync(cancellationToken) != 1) throw new HistoryException($"{Path}: run {id} is not in the history");
            return 0;
        });

    /// <summary>One run, without its log; null if there is none with that id.</summary>
    public Task<RunRecord?> GetRunAsync(long id, CancellationToken cancellationToken = default) =>
        Guard(async () => (await QueryRunsAsync($"SELECT {HistorySchema.RunColumns} FROM runs WHERE id = $id", cancellationToken, ("$id", id))).FirstOrDefault());

    /// <summary>A host's runs, newest first, at most <paramref name="limit"/>, without logs.</summary>
    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(string host, int limit, CancellationToken cancellationToken = default) =>
        Guard(() => QueryRunsAsync($"SELECT {HistorySchema.RunColumns} FROM runs WHERE host = $host ORDER BY started_ms DESC, id DESC LIMIT $limit",
            cancellationToken, ("$host", host), ("$limit", limit)));

    /// <summary>Every run, oldest first (tests, exports).</summary>
    public Task<IReadOnlyList<RunRecord>> ListAllRunsAsync(CancellationToken cancellationToken = default) =>
        Guard(() => QueryRunsAsync($"SELECT {HistorySchema.RunColumns} FROM runs ORDER BY id", cancellationToken));

    /// <summary>restic's output of a run, decompressed; null when the run has none or does not exist.</summary>
    public Task<string?> GetLogAsync(long id, CancellationToken cancellationToken = default) =>
        Guard(async () =>
        {
            await using var connection = await ConnectAsync(cancellationToken);
            return await ScalarAsync(connection, "SELECT log FROM runs WHERE id = $id", cancellationToken, ("$id", id)) is byte[] data ? RunLog.Decompress(data) : null;
        });

    /// <summary>What the history says about every host it has seen, by host name: its backups only (a restore says nothing about them).</summary>
    public Task<IReadOnlyDictionary<string, HostHistory>> GetHostHistoriesAsync(CancellationToken cancellationToken = default) =>
        Guard(async () =>
        {
            const string Successes = "('succeeded', 'incomplete')";
            const string Failures = "('failed', 'transport-failed')";
            const string Backups = "kind = 'backup'";
            var lastAttempt = await LatestPerHostAsync($"{Backups} AND ended_ms IS NOT NULL", cancellationToken);
            var lastSuccess = await LatestPerHostAsync($"{Backups} AND outcome IN {Successes}", cancellationToken);
            var lastFailure = await LatestPerHostAsync($"{Backups} AND outcome IN {Failures}", cancellationToken);
            var lastMeasured = await LatestPerHostAsync($"{Backups} AND repository_bytes IS NOT NULL", cancellationToken);
            var open = await QueryRunsWithPidAsync($"SELECT {HistorySchema.RunColumns}, pid FROM runs WHERE {Backups} AND ended_ms IS NULL ORDER BY started_ms", cancellationToken);

            var counts = new Dictionary<string, Dictionary<RunOutcome, long>>();
            var failures = new Dictionary<string, int>();
            await using (var connection = await ConnectAsync(cancellationToken))
            {
                await using (var command = connection.CreateCommand())
                {
                    command.CommandText = $"SELECT host, outcome, COUNT(*) FROM runs WHERE {Backups} AND outcome IS NOT NULL GROUP BY host, outcome";
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        if (!counts.TryGetValue(reader.GetString(0), out var byOutcome)) counts[reader.GetString(0)] = byOutcome = [];
                        byOutcome[RunOutcomes.Parse(reader.GetString(1))] = reader.GetInt64(2);
                    }
                }
                await using (var command = connection.CreateCommand())
                {
                    command.CommandText = $"""
                        SELECT host, COUNT(*) FROM runs r WHERE {Backups} AND outcome IN {Failures} AND started_ms >
                            COALESCE((SELECT MAX(started_ms) FROM runs s WHERE s.host = r.host AND s.{Backups} AND s.outcome IN {Successes}), -1)
                        GROUP BY host
                        """;
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                    while (await reader.ReadAsync(cancellationToken)) failures[reader.GetString(0)] = reader.GetInt32(1);
                }
            }

            var running = open.Where(r => r.Pid is { } pid && _processIsAlive(pid)).GroupBy(r => r.Run.Host).ToDictionary(g => g.Key, g => g.First().Run);
            var hosts = counts.Keys.Concat(running.Keys).Concat(open.Select(r => r.Run.Host)).Distinct(StringComparer.Ordinal);
            return (IReadOnlyDictionary<string, HostHistory>)hosts.ToDictionary(h => h, h => new HostHistory
            {
                Host = h,
                LastAttempt = lastAttempt.GetValueOrDefault(h),
                LastSuccess = lastSuccess.GetValueOrDefault(h),
                LastFailure = lastFailure.GetValueOrDefault(h),
                LastMeasured = lastMeasured.GetValueOrDefault(h),
                FailuresSinceSuccess = failures.GetValueOrDefault(h),
                Running = running.GetValueOrDefault(h),
                RunCounts = counts.GetValueOrDefault(h) ?? [],
            }, StringComparer.Ordinal);
        });

    /// <summary>
    /// Stores each host's current state and returns the state stored before (absent: never stored), in one transaction,
    /// so that of two processes seeing the same change only one sees it as a change (and runs its hook).
    /// </summary>
    public Task<IReadOnlyDictionary<string, string>> ExchangeStatesAsync(IReadOnlyDictionary<string, string> states, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Guard(async () =>
        {
            await using var connection = await ConnectAsync(cancellationToken);
            // BEGIN IMMEDIATE: takes the write lock now, so no reader-turned-writer deadlocks with another process.
            await using var transaction = connection.BeginTransaction(deferred: false);
            var previous = new Dictionary<string, string>(StringComparer.Ordinal);
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT host, state FROM host_states";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) previous[reader.GetString(0)] = reader.GetString(1);
            }
            foreach (var (host, state) in states)
            {
                if (previous.GetValueOrDefault(host) == state) continue;
                await ExecuteAsync(connection, "INSERT INTO host_states (host, state, since_ms) VALUES ($host, $state, $since) ON CONFLICT (host) DO UPDATE SET state = $state, since_ms = $since",
                    cancellationToken, ("$host", host), ("$state", state), ("$since", now.ToUnixTimeMilliseconds()));
            }
            await transaction.CommitAsync(cancellationToken);
            return (IReadOnlyDictionary<string, string>)previous;
        });

    private async Task<Dictionary<string, RunRecord>> LatestPerHostAsync(string condition, CancellationToken cancellationToken)
    {
        var runs = await QueryRunsAsync($"""
            SELECT {HistorySchema.RunColumns} FROM (
                SELECT *, ROW_NUMBER() OVER (PARTITION BY host ORDER BY started_ms DESC, id DESC) AS n FROM runs WHERE {condition})
            WHERE n = 1
            """, cancellationToken);
        return runs.ToDictionary(r => r.Host, StringComparer.Ordinal);
    }

    private async Task<IReadOnlyList<RunRecord>> QueryRunsAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        (await QueryRunsWithPidAsync(sql, cancellationToken, parameters)).Select(r => r.Run).ToList();

    private async Task<IReadOnlyList<(RunRecord Run, int? Pid)>> QueryRunsWithPidAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var runs = new List<(RunRecord, int?)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add((RunReader.Read(reader), reader.FieldCount > 22 && !reader.IsDBNull(22) ? reader.GetInt32(22) : null));
        }
        return runs;
    }

    private static void Bind(SqliteCommand command, RunRecord run)
    {
        void Add(string name, object? value) => command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        Add("$host", run.Host);
        Add("$trigger", run.Trigger.ToText());
        Add("$started", run.Started.ToUnixTimeMilliseconds());
        Add("$ended", run.Ended?.ToUnixTimeMilliseconds());
        Add("$outcome", run.Outcome?.ToText());
        Add("$kaya_exit", run.KayaExitCode);
        Add("$restic_exit", run.ResticExitCode);
        Add("$reason", run.Reason);
        Add("$snapshot", run.SnapshotId);
        Add("$files_new", run.FilesNew);
        Add("$files_changed", run.FilesChanged);
        Add("$files_unmodified", run.FilesUnmodified);
        Add("$bytes_processed", run.BytesProcessed);
        Add("$bytes_added", run.BytesAdded);
        Add("$duration", run.Duration is { } d ? (long)d.TotalMilliseconds : null);
        Add("$transport", run.Transport);
        Add("$attempts", run.Attempts);
        Add("$version", run.KayaVersion);
        Add("$repository_bytes", run.RepositoryBytes);
        Add("$snapshot_count", run.SnapshotCount);
        // An unfinished row remembers its process, so a crashed one is not shown as running forever.
        Add("$pid", run.Ended is null ? Environment.ProcessId : null);
        Add("$log", run.Log is { } log ? RunLog.Compress(log) : null);
        Add("$kind", run.Kind.ToText());
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // FULL: a recorded run survives a power cut; a few runs a minute make the extra fsync free.
        await ExecuteAsync(connection, $"PRAGMA busy_timeout={(int)BusyTimeout.TotalMilliseconds}; PRAGMA synchronous=FULL", cancellationToken);
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        var result = await command.ExecuteScalarAsync(cancellationToken);
        return result is DBNull ? null : result;
    }

    private async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try { return await action(); }
        catch (SqliteException e) { throw new HistoryException($"{Path}: the run history failed: {e.Message}", e); }
    }
}
