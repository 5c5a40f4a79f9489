namespace Kaya.Testing;

/// <summary>A fresh folder under the system temp folder, removed with everything in it at dispose.</summary>
public sealed class TempFolder : IDisposable
{
    /// <param name="prefix">the start of the folder's name, to tell whose leftovers are whose</param>
    public TempFolder(string prefix = "kaya-test-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Removes the folder; a file it cannot remove is left rather than failing the test.</summary>
    public void Dispose()
    {
        try
        {
            // Read-only files (a repository's password file is 0400) and folders: writable first, then delete.
            foreach (var f in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)) File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
