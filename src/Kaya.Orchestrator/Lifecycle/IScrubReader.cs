namespace Kaya.Orchestrator.Lifecycle;

/// <summary>How a scrub reads object files on disk (<see cref="FolderScrubSource"/>); tests put a reader here that fails as a disk would (EIO).</summary>
public interface IScrubReader
{
    /// <summary>Opens a file for one front-to-back read.</summary>
    /// <exception cref="IOException">the file cannot be opened (errno in HResult on Linux)</exception>
    /// <exception cref="UnauthorizedAccessException">permission denied</exception>
    IScrubFile Open(string path);
}

/// <summary>An open object, on disk or in a store.</summary>
public interface IScrubFile : IDisposable
{
    /// <summary>Reads the next bytes; 0 at the end.</summary>
    /// <exception cref="IOException">a read failed (errno in HResult on Linux; the S3 error code in the message of a store's)</exception>
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken);
}
