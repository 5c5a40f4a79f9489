namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// Reads files around the page cache's working set: sequential read-ahead, and each range dropped from the
/// cache (POSIX_FADV_DONTNEED) once hashed, so a scrub of terabytes leaves the backup host's cache as it was.
/// </summary>
public sealed class DiskScrubReader : IScrubReader
{
    public static readonly DiskScrubReader Instance = new();

    public IScrubFile Open(string path)
    {
        // bufferSize 0: the scrub reads in large blocks itself; FileStream's buffer would only copy.
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        LifecyclePosix.AdviseSequential(stream.SafeFileHandle);
        return new DiskFile(stream);
    }

    private sealed class DiskFile(FileStream stream) : IScrubFile
    {
        public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            var offset = stream.Position;
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read > 0) LifecyclePosix.AdviseDontNeed(stream.SafeFileHandle, offset, read);
            return read;
        }

        public void Dispose() => stream.Dispose();
    }
}
