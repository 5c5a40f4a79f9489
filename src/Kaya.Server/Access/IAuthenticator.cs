namespace Kaya.Server.Access;

/// <summary>Decides whether a user name and password are valid (AUTH-1).</summary>
public interface IAuthenticator
{
    bool Validate(string user, string password);
}
