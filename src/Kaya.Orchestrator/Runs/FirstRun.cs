using Kaya.Server.Repository;
using Kaya.Server.Storage;
using Microsoft.Extensions.Logging;

namespace Kaya.Orchestrator.Runs;

/// <summary>
/// What a host's first run makes under backup_root (the host folder, its repo-password-keep), made only once
/// the SSH session is up, and taken back when the run fails before restic initialised a repository there:
/// a mistyped or unreachable host leaves nothing behind.
/// </summary>
/// <param name="store">where the repository lives when not in the host folder (a bucket); null: the folder</param>
internal sealed partial class FirstRun(string hostFolder, ILogger logger, IRepositoryStore? store = null, RepositoryPath? repository = null)
{
    private bool _createdFolder;

    /// <summary>Creates the host folder (when missing) and a new password; called once the session is up.</summary>
    /// <exception cref="StorageException">The folder or file cannot be made.</exception>
    public string CreatePassword()
    {
        _createdFolder = !Directory.Exists(hostFolder);
        return RepositoryPassword.Ensure(hostFolder, repositoryExists: false);
    }

    /// <summary>Removes the host folder this run created, unless restic's <c>config</c> exists now (then the password belongs to a repository).</summary>
    public async ValueTask UndoUnlessInitialisedAsync()
    {
        if (!_createdFolder || await InitialisedAsync()) return;
        try
        {
            Directory.Delete(hostFolder, recursive: true);
            LogUndone(logger, hostFolder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogUndoFailed(logger, hostFolder, e);
        }
    }

    private async ValueTask<bool> InitialisedAsync()
    {
        if (store is null || repository is null) return File.Exists(Path.Combine(hostFolder, RepositoryNames.Config));
        try
        {
            return await store.GetSizeAsync(repository, ObjectKey.Config, CancellationToken.None) is not null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Cannot tell: keep the password rather than risk orphaning a repository it opens.
            return true;
        }
    }

    [LoggerMessage(EventId = Logging.EventIds.FirstRunUndone, Level = LogLevel.Information, Message = "The first run failed: removed {Folder}, which it had created")]
    private static partial void LogUndone(ILogger logger, string folder);

    [LoggerMessage(EventId = Logging.EventIds.FirstRunUndoFailed, Level = LogLevel.Warning, Message = "The first run failed and {Folder}, which it had created, could not be removed; remove it by hand")]
    private static partial void LogUndoFailed(ILogger logger, string folder, Exception exception);
}
