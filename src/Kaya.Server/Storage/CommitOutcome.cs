namespace Kaya.Server.Storage;

/// <summary>How a commit ended.</summary>
public enum CommitOutcome
{
    /// <summary>The file is durable under its final name.</summary>
    Stored,
    /// <summary>A file with the same name and the same bytes was there already; nothing changed.</summary>
    Identical,
    /// <summary>A different file has that name; nothing changed.</summary>
    Conflict,
    /// <summary>The body does not hash to its name (VERIFY-1); nothing changed. Only from an upload whose <see cref="IObjectUpload.ChecksName"/> is true.</summary>
    NotItsName,
}
