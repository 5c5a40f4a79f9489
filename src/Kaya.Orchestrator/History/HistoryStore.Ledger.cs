using Kaya.Orchestrator.Lifecycle;

namespace Kaya.Orchestrator.History;

public sealed partial class HistoryStore
{
    /// <summary>
    /// Records a snapshot's arrival in the <c>ledger</c> table (schema 3). Append-only: when the repository already has
    /// a row for the snapshot, the first arrival stands and this returns false.
    /// </summary>
    /// <exception cref="HistoryException">the database failed</exception>
    public async Task<bool> RecordArrivalAsync(LedgerRecord record, CancellationToken cancellationToken = default) =>
        await RecordArrivalsAsync([record], cancellationToken) == 1;

    /// <summary>
    /// Records several arrivals in one transaction (legacy mtimes, a repository's worth at a time); as
    /// <see cref="RecordArrivalAsync"/>, a snapshot that has a row keeps it. Returns how many rows were added.
    /// </summary>
    /// <exception cref="HistoryException">the database failed; nothing was recorded</exception>
    public Task<int> RecordArrivalsAsync(IReadOnlyList<LedgerRecord> records, CancellationToken cancellationToken = default) =>
        Guard(async () =>
        {
            if (records.Count == 0) return 0;
            await using var connection = await ConnectAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO ledger (repository, snapshot_id, arrival_ms, source, run_id, host_key, size_bytes)
                VALUES ($repository, $snapshot, $arrival, $source, $run, $host_key, $size)
                ON CONFLICT (repository, snapshot_id) DO NOTHING
                """;
            var added = 0;
            foreach (var record in records)
            {
                command.Parameters.Clear();
                command.Parameters.AddWithValue("$repository", record.Repository);
                command.Parameters.AddWithValue("$snapshot", record.SnapshotId);
                command.Parameters.AddWithValue("$arrival", record.Arrival.ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("$source", record.Source == ArrivalSource.Ledger ? "ledger" : "mtime");
                command.Parameters.AddWithValue("$run", (object?)record.RunId ?? DBNull.Value);
                command.Parameters.AddWithValue("$host_key", (object?)record.HostKeyFingerprint ?? DBNull.Value);
                command.Parameters.AddWithValue("$size", record.Size);
                added += await command.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            return added;
        });

    /// <summary>A repository's arrivals (the HOST name for orchestrated runs), oldest arrival first.</summary>
    /// <exception cref="HistoryException">the database failed</exception>
    public Task<IReadOnlyList<LedgerRecord>> ListArrivalsAsync(string repository, CancellationToken cancellationToken = default) =>
        Guard(async () =>
        {
            await using var connection = await ConnectAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT repository, snapshot_id, arrival_ms, source, run_id, host_key, size_bytes FROM ledger
                WHERE repository = $repository ORDER BY arrival_ms, id
                """;
            command.Parameters.AddWithValue("$repository", repository);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var records = new List<LedgerRecord>();
            while (await reader.ReadAsync(cancellationToken))
            {
                records.Add(new LedgerRecord
                {
                    Repository = reader.GetString(0),
                    SnapshotId = reader.GetString(1),
                    Arrival = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                    Source = reader.GetString(3) == "mtime" ? ArrivalSource.Mtime : ArrivalSource.Ledger,
                    RunId = reader.IsDBNull(4) ? null : reader.GetString(4),
                    HostKeyFingerprint = reader.IsDBNull(5) ? null : reader.GetString(5),
                    Size = reader.GetInt64(6),
                });
            }
            return (IReadOnlyList<LedgerRecord>)records;
        });
}
