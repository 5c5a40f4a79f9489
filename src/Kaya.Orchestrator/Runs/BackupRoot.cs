namespace Kaya.Orchestrator.Runs;

/// <summary>The backup root's one check, made before anything is written under it (the history included).</summary>
public static class BackupRoot
{
    /// <summary>Never creates it: a missing root is most often a volume that is not mounted.</summary>
    /// <exception cref="StorageException">it is a file</exception>
    /// <exception cref="BackupRootMissingException">it does not exist</exception>
    public static void EnsureExists(string backupRoot)
    {
        if (File.Exists(backupRoot)) throw new StorageException($"backup_root {backupRoot} is a file, not a folder; correct backup_root in the config");
        if (!Directory.Exists(backupRoot)) throw new BackupRootMissingException(backupRoot);
    }
}
