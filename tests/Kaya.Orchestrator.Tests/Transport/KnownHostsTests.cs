using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Kaya.Orchestrator.Transport;

namespace Kaya.Orchestrator.Tests.Transport;

public sealed class KnownHostsTests
{
    private static readonly byte[] Key = Ed25519Blob(1);
    private static readonly byte[] Other = Ed25519Blob(2);
    private static string Line(string names, byte[] key) => $"{names} ssh-ed25519 {Convert.ToBase64String(key)}";

    [Fact]
    public void A_plain_entry_for_port_22_trusts_its_key()
    {
        var known = KnownHosts.Parse(Line("www1.example.com,192.0.2.1", Key) + " comment\n");

        Assert.Equal(HostKeyVerdict.Trusted, known.Check("www1.example.com", 22, Key));
        Assert.Equal(HostKeyVerdict.Trusted, known.Check("WWW1.example.COM", 22, Key));
        Assert.Equal(HostKeyVerdict.Unknown, known.Check("www1.example.com", 2222, Key));
    }

    [Fact]
    public void A_bracketed_entry_matches_only_its_port()
    {
        var known = KnownHosts.Parse(Line("[127.0.0.1]:2222", Key));

        Assert.Equal(HostKeyVerdict.Trusted, known.Check("127.0.0.1", 2222, Key));
        Assert.Equal(HostKeyVerdict.Unknown, known.Check("127.0.0.1", 22, Key));
    }

    [Fact]
    public void A_hashed_name_matches_the_host_it_hashes()
    {
        var salt = RandomNumberGenerator.GetBytes(20);
        var hash = HMACSHA1.HashData(salt, Encoding.UTF8.GetBytes("[db1.example.com]:2200"));
        var known = KnownHosts.Parse(Line($"|1|{Convert.ToBase64String(salt)}|{Convert.ToBase64String(hash)}", Key));

        Assert.Equal(HostKeyVerdict.Trusted, known.Check("db1.example.com", 2200, Key));
        Assert.Equal(HostKeyVerdict.Unknown, known.Check("db2.example.com", 2200, Key));
    }

    [Fact]
    public void A_different_key_of_the_same_type_is_a_mismatch()
    {
        var known = KnownHosts.Parse(Line("www1", Key));

        Assert.Equal(HostKeyVerdict.Mismatch, known.Check("www1", 22, Other));
    }

    [Fact]
    public void Wildcards_match_and_negations_exclude()
    {
        var known = KnownHosts.Parse(Line("*.example.com,!evil.example.com", Key));

        Assert.Equal(HostKeyVerdict.Trusted, known.Check("a.example.com", 22, Key));
        Assert.Equal(HostKeyVerdict.Unknown, known.Check("evil.example.com", 22, Key));
        Assert.Equal(HostKeyVerdict.Unknown, known.Check("example.org", 22, Key));
    }

    [Fact]
    public void A_revoked_key_is_refused_even_when_also_listed()
    {
        var known = KnownHosts.Parse(Line("www1", Key) + "\n@revoked * ssh-ed25519 " + Convert.ToBase64String(Key));

        Assert.Equal(HostKeyVerdict.Revoked, known.Check("www1", 22, Key));
    }

    [Fact]
    public void Comments_blank_and_garbled_lines_are_skipped()
    {
        var known = KnownHosts.Parse("# comment\n\nwww1 ssh-ed25519 !!!notbase64\n" + Line("www1", Key));

        Assert.Equal(HostKeyVerdict.Trusted, known.Check("www1", 22, Key));
    }

    [Fact]
    public void A_missing_file_knows_no_host()
    {
        Assert.Equal(HostKeyVerdict.Unknown, KnownHosts.Load("/nonexistent/known_hosts").Check("www1", 22, Key));
    }

    [Fact]
    public void The_fingerprint_is_written_as_ssh_writes_it()
    {
        var fingerprint = KnownHosts.Fingerprint(Key);

        Assert.StartsWith("SHA256:", fingerprint);
        Assert.Equal(43, fingerprint.Length - "SHA256:".Length);
        Assert.Equal("ssh-ed25519", KnownHosts.KeyTypeOf(Key));
    }

    private static byte[] Ed25519Blob(byte fill)
    {
        var type = Encoding.ASCII.GetBytes("ssh-ed25519");
        var blob = new byte[4 + type.Length + 4 + 32];
        BinaryPrimitives.WriteInt32BigEndian(blob, type.Length);
        type.CopyTo(blob, 4);
        BinaryPrimitives.WriteInt32BigEndian(blob.AsSpan(4 + type.Length), 32);
        blob.AsSpan(8 + type.Length).Fill(fill);
        return blob;
    }
}
