namespace Kaya.Conformance;

/// <summary>Server modes a case needs; a case runs only when every flag it names holds.</summary>
[Flags]
public enum Needs
{
    None = 0,
    /// <summary>The server checks credentials (--user given).</summary>
    Auth = 1,
    /// <summary>The server runs without authentication (no --user).</summary>
    NoAuth = 2,
    AppendOnly = 4,
    /// <summary>Deletes are allowed (no --append-only).</summary>
    Deletes = 8,
    Private = 16,
    NotPrivate = 32,
    /// <summary>A second user is known (--other-user).</summary>
    OtherUser = 64,
    Quota = 128,
}

/// <summary>
/// One conformance check. <paramref name="Id"/> cites the rule in protocol-spec/; several cases may
/// check one rule. Baseline cases are what every conforming server must do; <paramref name="KayaOnly"/>
/// cases pin Kaya's answer where the protocol allows more than one.
/// </summary>
public sealed record Case(string Id, string Description, Needs Needs, bool KayaOnly, Func<CaseContext, CancellationToken, Task> Check)
{
    /// <summary>A further condition on the options, for what <see cref="Needs"/> cannot say.</summary>
    public Func<ConformanceOptions, bool>? When { get; init; }

    public bool AppliesTo(ConformanceOptions o)
    {
        if (KayaOnly && !o.Kaya) return false;
        if (When is not null && !When(o)) return false;
        if (Needs.HasFlag(Needs.Auth) && o.User is null) return false;
        if (Needs.HasFlag(Needs.NoAuth) && o.User is not null) return false;
        if (Needs.HasFlag(Needs.AppendOnly) && !o.AppendOnly) return false;
        if (Needs.HasFlag(Needs.Deletes) && o.AppendOnly) return false;
        if (Needs.HasFlag(Needs.Private) && !o.PrivateRepos) return false;
        if (Needs.HasFlag(Needs.NotPrivate) && o.PrivateRepos) return false;
        if (Needs.HasFlag(Needs.OtherUser) && o.OtherUser is null) return false;
        if (Needs.HasFlag(Needs.Quota) && o.Quota is null) return false;
        return true;
    }
}

/// <summary>Builds the cases of one area with little ceremony.</summary>
public sealed class CaseList : List<Case>
{
    public void Baseline(string id, string description, Func<CaseContext, CancellationToken, Task> check) => Add(new Case(id, description, Needs.None, false, check));
    public void Baseline(string id, string description, Needs needs, Func<CaseContext, CancellationToken, Task> check) => Add(new Case(id, description, needs, false, check));
    public void Kaya(string id, string description, Func<CaseContext, CancellationToken, Task> check) => Add(new Case(id, description, Needs.None, true, check));
    public void Kaya(string id, string description, Needs needs, Func<CaseContext, CancellationToken, Task> check) => Add(new Case(id, description, needs, true, check));
}

/// <summary>Thrown by a check when the server answered wrongly; the message is what the FAIL line shows.</summary>
public sealed class CaseFailedException(string message) : Exception(message);
