using System.Security.Cryptography;
using System.Text;
using Kaya.Server.Access;

namespace Kaya.Server.Tests.Access;

public class HtpasswdFileTests
{
    [Fact]
    public void Bcrypt_entries_of_every_prefix_validate()
    {
        var dir = new TempFolder().Path;
        var path = Path.Combine(dir, ".htpasswd");
        // rest-server's own fixture: restic / test, $2y$ at cost 5.
        File.WriteAllText(path, "restic:$2y$05$z/OEmNQamd6m6LSegUErh.r/Owk9Xwmc5lxDheIuHY2Z7XiS6FtJm\n" +
            "a:" + BCrypt.Net.BCrypt.HashPassword("pa", 4) + "\n" +
            "b:" + BCrypt.Net.BCrypt.HashPassword("pb", 4).Replace("$2a$", "$2b$") + "\n");
        var file = new HtpasswdFile(path);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(file.Validate("restic", "test"));
            Assert.False(file.Validate("restic", "wrong"));
        }
        Assert.True(file.Validate("a", "pa"));
        Assert.True(file.Validate("b", "pb"));
    }

    [Fact]
    public void Reload_reads_an_edit_that_kept_the_files_time_and_size()
    {
        var path = Path.Combine(new TempFolder().Path, ".htpasswd");
        string Entry(string password) => "u:{SHA}" + Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(password))) + "\n";
        File.WriteAllText(path, Entry("old-pw"));
        var stamp = File.GetLastWriteTimeUtc(path);
        var file = new HtpasswdFile(path);
        Assert.True(file.Validate("u", "old-pw"));
        // Rewritten in place with an entry of the same length, its mtime put back: the per-request check cannot tell.
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write)) stream.Write(Encoding.UTF8.GetBytes(Entry("new-pw")));
        File.SetLastWriteTimeUtc(path, stamp);
        Assert.True(file.Validate("u", "old-pw"));

        file.Reload();

        Assert.False(file.Validate("u", "old-pw"));
        Assert.True(file.Validate("u", "new-pw"));
    }

    [Fact]
    public void Sha_entries_validate()
    {
        var dir = new TempFolder().Path;
        var path = Path.Combine(dir, ".htpasswd");
        File.WriteAllText(path, "s:{SHA}" + Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes("secret"))) + "\n# comment\n");
        var file = new HtpasswdFile(path);
        Assert.True(file.Validate("s", "secret"));
        Assert.False(file.Validate("s", "Secret"));
    }

    [Fact]
    public void Unsupported_hashes_never_match()
    {
        var dir = new TempFolder().Path;
        var path = Path.Combine(dir, ".htpasswd");
        File.WriteAllText(path, "m:$apr1$abc$defghijklmnop\np:plaintext\n");
        var file = new HtpasswdFile(path);
        Assert.False(file.Validate("m", "x"));
        Assert.False(file.Validate("p", "plaintext"));
    }

    [Fact]
    public void A_change_to_the_file_is_in_force_for_the_next_check()
    {
        var dir = new TempFolder().Path;
        var path = Path.Combine(dir, ".htpasswd");
        File.WriteAllText(path, "old:" + BCrypt.Net.BCrypt.HashPassword("one", 4) + "\n");
        var file = new HtpasswdFile(path);
        Assert.True(file.Validate("old", "one"));

        File.WriteAllText(path, "old:" + BCrypt.Net.BCrypt.HashPassword("two", 4) + "\nnew:" + BCrypt.Net.BCrypt.HashPassword("n", 4) + "\n");
        Assert.False(file.Validate("old", "one"));
        Assert.True(file.Validate("old", "two"));
        Assert.True(file.Validate("new", "n"));

        File.WriteAllText(path, "new:" + BCrypt.Net.BCrypt.HashPassword("n", 4) + "\n");
        Assert.False(file.Validate("old", "two"));
    }

    [Fact]
    public void A_removed_file_lets_nobody_in()
    {
        var dir = new TempFolder().Path;
        var path = Path.Combine(dir, ".htpasswd");
        File.WriteAllText(path, "u:" + BCrypt.Net.BCrypt.HashPassword("p", 4) + "\n");
        var file = new HtpasswdFile(path);
        Assert.True(file.Validate("u", "p"));
        File.Delete(path);
        Assert.False(file.Validate("u", "p"));
    }

    [Fact]
    public void A_missing_file_at_start_is_an_error_that_says_what_to_do()
    {
        var e = Assert.Throws<FileNotFoundException>(() => new HtpasswdFile(Path.Combine(new TempFolder().Path, ".htpasswd")));
        Assert.Contains("--no-auth", e.Message);
    }

    [Fact]
    public void Unknown_users_are_checked_at_the_cost_the_file_uses()
    {
        Assert.Equal(5, HtpasswdFile.BcryptCostOf(["{SHA}abc", "$2y$05$z/OEmNQamd6m6LSegUErh.r/Owk9Xwmc5lxDheIuHY2Z7XiS6FtJm"]));
        Assert.Equal(12, HtpasswdFile.BcryptCostOf(["$2b$12$abcdefghijklmnopqrstuv"]));
        Assert.Equal(5, HtpasswdFile.BcryptCostOf(["{SHA}abc"]));
    }

    [Fact]
    public void Lines_that_cannot_be_used_are_named_once_per_load()
    {
        var path = Path.Combine(new TempFolder().Path, ".htpasswd");
        File.WriteAllText(path, "# comment\nno-colon-here\nmd5:$apr1$abc$def\nok:" + BCrypt.Net.BCrypt.HashPassword("p", 4) + "\n");
        var log = new CollectingLogger();

        var file = new HtpasswdFile(path, log);
        Assert.True(file.Validate("ok", "p"));
        Assert.True(file.Validate("ok", "p"));

        Assert.Equal(
        [
            $"htpasswd file {path}, line 2: it is not of the form USER:HASH; the line is ignored",
            $"htpasswd file {path}, line 3: the hash of user \"md5\" is in a format kaya does not read (bcrypt or {{SHA}} only: htpasswd -B); the line is ignored",
        ], log.Entries.Select(e => e.Message));
        Assert.False(file.Validate("md5", "anything"));
    }
}
