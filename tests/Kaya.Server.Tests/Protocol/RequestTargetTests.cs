using Kaya.Server.Protocol;
using Kaya.Server.Repository;

namespace Kaya.Server.Tests.Protocol;

public class RequestTargetTests
{
    private const string Id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("/", "", TargetKind.Repository)]
    [InlineData("/config", "", TargetKind.Config)]
    [InlineData("/foo/config", "foo", TargetKind.Config)]
    [InlineData("/foo/", "foo", TargetKind.Repository)]
    [InlineData("/foo/bar/", "foo/bar", TargetKind.Repository)]
    [InlineData("/foo/bar/locks/", "foo/bar", TargetKind.List)]
    [InlineData("/locks/", "", TargetKind.List)]
    [InlineData("/foo/data/", "foo", TargetKind.List)]
    [InlineData("/foo/bar/keys/" + Id, "foo/bar", TargetKind.Object)]
    public void Paths_split_into_repository_and_target_as_restic_sends_them(string path, string repo, TargetKind kind)
    {
        var target = RequestTarget.Parse(path);
        Assert.NotNull(target);
        Assert.Equal(repo, target.Repository.Name);
        Assert.Equal(kind, target.Kind);
    }

    [Theory]
    [InlineData("/foo")]
    [InlineData("/foo/bar")]
    [InlineData("/foo/bar/baz/config")]
    [InlineData("/u/sub/sub2/")]
    [InlineData("/data/config")]
    [InlineData("/data")]
    [InlineData("/config/")]
    [InlineData("//locks/")]
    [InlineData("/../locks/")]
    [InlineData("/data/0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("/data/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde")]
    [InlineData("/unknown/" + Id + "/x")]
    [InlineData("")]
    [InlineData("foo")]
    public void Paths_that_name_nothing_are_refused(string path)
    {
        Assert.Null(RequestTarget.Parse(path));
    }

    [Fact]
    public void A_type_name_ends_the_repository_prefix()
    {
        var target = RequestTarget.Parse("/keys/" + Id)!;
        Assert.Equal(RepositoryPath.Root, target.Repository);
        Assert.Equal(ObjectType.Keys, target.Type);
        Assert.Equal(Id, target.Id.Value);
    }

    [Theory]
    [InlineData("/u%2Fsub/data/", "/u%2Fsub/data/", "/u/sub/data/")]
    [InlineData("/u%2Fsub/data/", "/u%2fsub/data/?x=1", "/u/sub/data/")]
    [InlineData("/r%2Fs/", "/r%252Fs/", "/r%2Fs/")]
    [InlineData("/plain/", "/plain/", "/plain/")]
    public void Escaped_slashes_are_decoded_once_from_the_raw_target(string kestrelPath, string raw, string expected)
    {
        Assert.Equal(expected, RequestTarget.DecodePath(kestrelPath, raw));
    }
}
