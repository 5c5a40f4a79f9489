using Kaya.Server.Repository;

namespace Kaya.Server.Access;

/// <summary>Chooses the policy of a repository; one policy for all until per-host settings arrive.</summary>
public interface IRepositoryPolicyProvider
{
    RepositoryPolicy For(RepositoryPath repository);
}
