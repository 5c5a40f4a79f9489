namespace Kaya.Orchestrator;

/// <summary>
/// backup_root does not exist. Never created silently: an unmounted volume (the README recommends a LUKS
/// volume unlocked by hand) would otherwise fill the root file system with fresh repositories and passwords.
/// </summary>
public sealed class BackupRootMissingException(string backupRoot)
    : StorageException($"backup_root {backupRoot} does not exist")
{
    public string BackupRoot { get; } = backupRoot;
    public override int ExitCode => ExitCodes.BackupRootMissing;
    public override string Advice => $"if it lives on a volume, that volume may not be mounted: mount it; if this is a new setup, create it: mkdir -p -m 0700 {BackupRoot}";
}
