namespace Kaya.Server.Access;

/// <summary>What a run's credentials are for; each purpose has its own policy (RUN-1).</summary>
public enum RunPurpose
{
    /// <summary>Append-only and private: a host adds to its own repository and can remove nothing but locks.</summary>
    Backup,

    /// <summary>Read-only and private: GET, HEAD and listings, plus creating and deleting the run's own locks.</summary>
    Restore,
}
