using Kaya.Orchestrator.Runs;

namespace Kaya.Orchestrator.Tests.Runs;

public sealed class RepositoryPasswordTests : IDisposable
{
    private readonly TempFolder _root = new();

    [Fact]
    public void The_first_run_creates_a_long_random_password_read_only_in_a_private_folder()
    {
        var folder = _root.Combine("www1");

        var password = RepositoryPassword.Ensure(folder, repositoryExists: false);

        Assert.True(password.Length >= 30);
        Assert.NotEqual(password, RepositoryPassword.Ensure(_root.Combine("www2"), repositoryExists: false));
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(Path.Combine(folder, RepositoryPassword.FileName)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
    }

    [Fact]
    public void An_existing_password_file_of_the_original_is_used_as_it_is()
    {
        var folder = _root.Combine("www1");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, RepositoryPassword.FileName), "eeNg5ohXoo0ooquaiPhu3iexahsh9eiN\n");

        Assert.Equal("eeNg5ohXoo0ooquaiPhu3iexahsh9eiN", RepositoryPassword.Ensure(folder, repositoryExists: true));
    }

    [Fact]
    public void A_repository_without_its_password_file_is_an_error_not_a_new_password()
    {
        var folder = _root.Combine("www1");
        Directory.CreateDirectory(folder);

        var e = Assert.Throws<StorageException>(() => RepositoryPassword.Ensure(folder, repositoryExists: true));
        Assert.Contains(RepositoryPassword.FileName, e.Message);
        Assert.False(File.Exists(Path.Combine(folder, RepositoryPassword.FileName)));
    }

    public void Dispose() => _root.Dispose();
}
