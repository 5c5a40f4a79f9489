namespace Kaya.Conformance;

/// <summary>
/// What the suite is told about the server under test: where it is, who may log in, and which modes
/// it runs in. The suite cannot discover modes itself (a 403 on delete could be append-only or a bug).
/// </summary>
public sealed record ConformanceOptions
{
    /// <summary>The server's root URL, e.g. <c>http://127.0.0.1:8000/</c>; repositories go below it.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>A user the server accepts; null when the server runs without authentication.</summary>
    public string? User { get; init; }
    public string? Password { get; init; }

    /// <summary>A second user, for the cases that check one user cannot reach another's repositories.</summary>
    public string? OtherUser { get; init; }
    public string? OtherPassword { get; init; }

    public bool AppendOnly { get; init; }
    public bool PrivateRepos { get; init; }

    /// <summary>The server's --max-size in bytes, or null when it has none.</summary>
    public long? Quota { get; init; }

    /// <summary>Also run the cases of Kaya's stricter contract.</summary>
    public bool Kaya { get; init; }

    /// <summary>
    /// Only cases whose id equals one of these or is in one of these families (<c>RANGE</c>,
    /// <c>APPEND-2</c>); empty: every case.
    /// </summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    public bool Selects(Case c) =>
        Only.Count == 0 || Only.Any(o => c.Id.Equals(o, StringComparison.OrdinalIgnoreCase) || c.Id.StartsWith(o + "-", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Per-case time limit. 30 s: every case is a handful of small requests on one connection, so
    /// this only trips on a server that hangs, and a hang should not stop the remaining cases.
    /// </summary>
    public TimeSpan CaseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock for <see cref="CaseTimeout"/> and the cases' waits: the system clock, a fake one in tests.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Explains what is inconsistent, or null when the options make sense together.</summary>
    public string? Validate()
    {
        if (!BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttp && BaseUrl.Scheme != Uri.UriSchemeHttps))
            return $"{BaseUrl}: expected an http:// or https:// URL";
        if ((User is null) != (Password is null)) return "--user and --password go together";
        if ((OtherUser is null) != (OtherPassword is null)) return "--other-user and --other-password go together";
        if (OtherUser is not null && User is null) return "--other-user needs --user too";
        if (OtherUser is not null && OtherUser == User) return "--other-user must differ from --user";
        if (PrivateRepos && User is null) return "--private-repos needs --user and --password (private repositories exist only with authentication)";
        if (Quota is <= 0) return "--quota must be a positive number of bytes";
        return null;
    }
}
