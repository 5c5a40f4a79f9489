namespace Kaya.Conformance.Suites;

/// <summary>Path helpers shared by the suites.</summary>
internal static class Paths
{
    /// <summary>A repository path with three folders, one more than the protocol allows.</summary>
    public static string ThreeDeep(CaseContext x) => x.Options.PrivateRepos ? x.NewRepoPath() + "third/" : x.NewRepoPath() + "second/third/";

    public static void AllowContains(Reply reply, params string[] methods)
    {
        var allow = reply.Header("Allow");
        if (allow is null) Reply.Fail($"{reply.Status} without an Allow header, want one naming {string.Join(", ", methods)}");
        var listed = allow!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var m in methods)
        {
            if (!listed.Contains(m, StringComparer.OrdinalIgnoreCase)) Reply.Fail($"{reply.Status} with Allow: {allow}, which lacks {m}");
        }
    }
}
