namespace Kaya.Orchestrator.History;

public sealed partial class HistoryStore
{
    /// <summary>Records one scrub of one host.</summary>
    /// <exception cref="HistoryException">the database failed</exception>
    public Task<long> RecordScrubAsync(ScrubRecord scrub, CancellationToken cancellationToken = default) =>
        Guard(async () =>
        {
            await using var connection = await ConnectAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO scrubs (host, started_ms, finished_ms, completed, objects_checked, bytes_read, corrupt, findings, result)
                VALUES ($host, $started, $finished, $completed, $objects, $bytes, $corrupt, $findings, $result)
                RETURNING id
                """;
            command.Parameters.AddWithValue("$host", scrub.Host);
            command.Parameters.AddWithValue("$started", scrub.Started.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$finished", scrub.Finished.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$completed", scrub.Completed ? 1 : 0);
            command.Parameters.AddWithValue("$objects", scrub.ObjectsChecked);
            command.Parameters.AddWithValue("$bytes", scrub.BytesRead);
            command.Parameters.AddWithValue("$corrupt", scrub.CorruptObjects);
            command.Parameters.AddWithValue("$findings", scrub.Findings);
            command.Parameters.AddWithValue("$result", scrub.ResultJson);
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
        });

    /// <summary>Each host's most recent scrub, by host name.</summary>
    /// <exception cref="HistoryException">the database failed</exception>
    public Task<IReadOnlyList<ScrubRecord>> GetLastScrubsAsync(CancellationToken cancellationToken = default) => LastScrubsAsync("1", cancellationToken);

    /// <summary>Each host's most recent scrub that ran to its end (the daemon's due-ness: an interrupted scrub is resumed, not done), by host name.</summary>
    /// <exception cref="HistoryException">the database failed</exception>
    public Task<IReadOnlyList<ScrubRecord>> GetLastCompletedScrubsAsync(CancellationToken cancellationToken = default) => LastScrubsAsync("completed = 1", cancellationToken);

    private Task<IReadOnlyList<ScrubRecord>> LastScrubsAsync(string condition, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            await using var connection = await ConnectAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT host, started_ms, finished_ms, completed, objects_checked, bytes_read, corrupt, findings, result FROM (
                    SELECT *, ROW_NUMBER() OVER (PARTITION BY host ORDER BY finished_ms DESC, id DESC) AS n FROM scrubs WHERE {condition})
                WHERE n = 1 ORDER BY host
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var scrubs = new List<ScrubRecord>();
            while (await reader.ReadAsync(cancellationToken))
            {
                scrubs.Add(new ScrubRecord(reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                    reader.GetInt64(3) != 0, reader.GetInt64(4), reader.GetInt64(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetString(8)));
            }
            return (IReadOnlyList<ScrubRecord>)scrubs;
        });
}
