namespace Kaya.Server.Storage;

/// <summary>A stored file opened for (ranged) reads.</summary>
public interface IObjectReader : IDisposable
{
    long Length { get; }

    ValueTask<int> ReadAsync(Memory<byte> buffer, long offset, CancellationToken cancellationToken);
}
