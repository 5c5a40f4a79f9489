using Microsoft.Win32.SafeHandles;

namespace Kaya.Server.Storage;

internal sealed class FileObjectReader(SafeFileHandle handle) : IObjectReader
{
    public long Length { get; } = RandomAccess.GetLength(handle);

    public ValueTask<int> ReadAsync(Memory<byte> buffer, long offset, CancellationToken cancellationToken) =>
        RandomAccess.ReadAsync(handle, buffer, offset, cancellationToken);

    public void Dispose() => handle.Dispose();
}
