namespace Kaya.Server.Hosting;

/// <summary>
/// How the server knows its users (AUTH-1): one choice among none, an htpasswd file, run credentials,
/// or both, so that no two settings can disagree.
/// </summary>
public sealed record ServerAuthentication
{
    private ServerAuthentication(bool htpasswd, bool runCredentials, string? htpasswdFile)
    {
        UsesHtpasswd = htpasswd;
        UsesRunCredentials = runCredentials;
        HtpasswdFile = htpasswdFile;
    }

    /// <summary>Every request is user "" (--no-auth, AUTH-7).</summary>
    public static ServerAuthentication None { get; } = new(false, false, null);

    /// <summary>Only credentials minted by <see cref="KayaServer.GrantRun"/>; no file is read (a backup run's server).</summary>
    public static ServerAuthentication RunCredentials { get; } = new(false, true, null);

    /// <summary>Users of an htpasswd file (--htpasswd-file; null: <c>DataPath/.htpasswd</c>, as rest-server).</summary>
    public static ServerAuthentication Htpasswd(string? file = null) => new(true, false, file);

    /// <summary>Run credentials first, then the htpasswd file's users.</summary>
    public static ServerAuthentication HtpasswdAndRunCredentials(string? file = null) => new(true, true, file);

    /// <summary>The choice from separate switches, as a command line or config file gives them.</summary>
    /// <exception cref="ArgumentException">an htpasswd file is named while htpasswd authentication is off</exception>
    public static ServerAuthentication Of(bool htpasswd, bool runCredentials, string? htpasswdFile = null)
    {
        if (!htpasswd && htpasswdFile is not null)
            throw new ArgumentException($"authentication: the htpasswd file {htpasswdFile} is named but htpasswd authentication is off; name no file, or turn htpasswd authentication on", nameof(htpasswdFile));
        return new(htpasswd, runCredentials, htpasswdFile);
    }

    public bool UsesHtpasswd { get; }

    public bool UsesRunCredentials { get; }

    public bool IsNone => !UsesHtpasswd && !UsesRunCredentials;

    /// <summary>The htpasswd file when <see cref="UsesHtpasswd"/>; null: <c>DataPath/.htpasswd</c>.</summary>
    public string? HtpasswdFile { get; }
}
