namespace Kaya.Orchestrator.Lifecycle;

/// <summary>How a scrub reads object files; tests put a reader here that fails as a disk would (EIO).</summary>
public interface IScrubReader
{
    /// <summary>Opens a file for one front-to-back read.</summary>
    /// <exception cref="IOException">the file cannot be opened (errno in HResult on Linux)</exception>
    /// <exception cref="UnauthorizedAccessException">permission denied</exception>
    IScrubFile Open(string path);
}

/// <summary>An open object file.</summary>
public interface IScrubFile : IDisposable
{
    /// <summary>Reads the next bytes; 0 at the end.</summary>
    /// <exception cref="IOException">a read failed (errno in HResult on Linux)</exception>
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken);
}
