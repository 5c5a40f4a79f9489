using System.Security.Cryptography;

namespace Kaya.Orchestrator.Runs;

/// <summary>
/// The repository password in <c>backup_root/HOST/repo-password-keep</c> (0400, folder 0700), as the
/// original kept it: the backup host is trusted, and restic -p reads the file for restores.
/// </summary>
public static class RepositoryPassword
{
    public const string FileName = "repo-password-keep";

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>32 characters of 62: about 190 bits, above the 30 characters the issue asks for.</summary>
    private const int Length = 32;

    /// <summary>Returns the host's password, creating folder and file on the first run.</summary>
    public static string Ensure(string hostFolder, bool repositoryExists)
    {
        var path = Path.Combine(hostFolder, FileName);
        try
        {
            Directory.CreateDirectory(hostFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            if (File.Exists(path)) return Read(path);
            if (repositoryExists)
                throw new StorageException($"{path} is missing but {hostFolder} already holds a repository: restore the password file; a new one would not open it");
            return Create(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"{path}: {e.Message}", e);
        }
    }

    private static string Read(string path)
    {
        // restic -p strips one trailing newline; so do we.
        var password = File.ReadAllText(path).TrimEnd('\n').TrimEnd('\r');
        if (password.Length == 0) throw new StorageException($"{path} is empty");
        if (password.Contains('\n')) throw new StorageException($"{path} holds more than one line");
        return password;
    }

    private static string Create(string path)
    {
        var password = RandomNumberGenerator.GetString(Alphabet, Length);
        var temporary = path + ".tmp";
        File.Delete(temporary);
        using (var file = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            file.Write(System.Text.Encoding.ASCII.GetBytes(password + "\n"));
            file.Flush(flushToDisk: true);
        }
        File.SetUnixFileMode(temporary, UnixFileMode.UserRead);
        File.Move(temporary, path, overwrite: false);
        return password;
    }
}
