using Kaya.Server.Repository;

namespace Kaya.Server.Access;

/// <summary>The same policy for every repository.</summary>
public sealed class UniformPolicy(RepositoryPolicy policy) : IRepositoryPolicyProvider
{
    public RepositoryPolicy For(RepositoryPath repository) => policy;
}
