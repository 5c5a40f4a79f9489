using System.Security.Cryptography;

namespace Kaya.Conformance;

/// <summary>What a check works with: the options, an HTTP client, and fresh repositories of its own.</summary>
public sealed class CaseContext(ConformanceOptions options, ServerClient http)
{
    public ConformanceOptions Options { get; } = options;
    public ServerClient Http { get; } = http;
    public RawHttp Raw { get; } = new(options, http);

    /// <summary>
    /// A repository path nothing uses yet, with the trailing slash restic always sends: <c>/NAME/</c>,
    /// or <c>/USER/NAME/</c> under --private-repos where only the user's own folder is reachable.
    /// </summary>
    public string NewRepoPath(Caller caller = Caller.User)
    {
        var name = "conformance-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        if (!Options.PrivateRepos) return $"/{name}/";
        var user = caller == Caller.OtherUser ? Options.OtherUser : Options.User;
        return $"/{user}/{name}/";
    }

    /// <summary>A fresh repository created with <c>POST ?create=true</c> (which must answer 200).</summary>
    public async Task<string> NewRepoAsync(CancellationToken ct, Caller caller = Caller.User)
    {
        var repo = NewRepoPath(caller);
        (await Http.Create(repo, ct, caller)).Is(200, $"setup: POST {repo}?create=true");
        return repo;
    }

    /// <summary>A fresh repository holding <paramref name="blob"/> as <c>{type}/{id}</c>.</summary>
    public async Task<string> RepoWithAsync(string type, Blob blob, CancellationToken ct)
    {
        var repo = await NewRepoAsync(ct);
        await StoreAsync(repo, type, blob, ct);
        return repo;
    }

    public async Task StoreAsync(string repo, string type, Blob blob, CancellationToken ct) =>
        (await Http.Post($"{repo}{type}/{blob.Id}", blob.Content, ct)).Is(200, $"setup: POST {type}/{blob.Id[..8]}…");

    /// <summary>Checks that <c>{repo}{file}</c> is absent (HEAD 404).</summary>
    public async Task ExpectAbsentAsync(string path, CancellationToken ct, string why) =>
        (await Http.Head(path, ct)).Is(404, why);

    /// <summary>Checks that <c>{repo}{file}</c> holds exactly <paramref name="content"/>.</summary>
    public async Task ExpectContentAsync(string path, byte[] content, CancellationToken ct, string why) =>
        (await Http.Get(path, ct)).Is(200, why).HasBody(content);
}
