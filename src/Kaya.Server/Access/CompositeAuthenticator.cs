namespace Kaya.Server.Access;

/// <summary>Accepts a user known to any of its authenticators, in order.</summary>
public sealed class CompositeAuthenticator(params IAuthenticator[] authenticators) : IAuthenticator
{
    public bool Validate(string user, string password)
    {
        foreach (var a in authenticators)
        {
            if (a.Validate(user, password)) return true;
        }
        return false;
    }
}
