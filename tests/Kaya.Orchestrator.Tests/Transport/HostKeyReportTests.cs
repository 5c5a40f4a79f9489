using Kaya.Orchestrator.Transport;

namespace Kaya.Orchestrator.Tests.Transport;

/// <summary>How the system ssh tells kaya the host key a target showed (KnownHostsCommand), and which ssh can.</summary>
public sealed class HostKeyReportTests
{
    [Fact]
    public void A_report_with_the_nonce_gives_its_fingerprint_and_the_NONE_report_none()
    {
        Assert.True(HostKeyReport.TryRead("kaya-host-key 0a1b ssh-ed25519 SHA256:GtdlgBwLVhluoAmH9fZBWecPCSQxDZG13DGo3zO29RY", "0a1b", out var fingerprint));
        Assert.Equal("SHA256:GtdlgBwLVhluoAmH9fZBWecPCSQxDZG13DGo3zO29RY", fingerprint);
        Assert.True(HostKeyReport.TryRead("kaya-host-key 0a1b NONE NONE", "0a1b", out var none));
        Assert.Null(none);
    }

    [Fact]
    public void A_line_without_the_nonce_is_the_commands_own_stderr()
    {
        Assert.False(HostKeyReport.TryRead("kaya-host-key ffff ssh-ed25519 SHA256:forged", "0a1b", out _));
        Assert.False(HostKeyReport.TryRead("restic: unable to open /etc/shadow", "0a1b", out _));
    }

    [Theory]
    [InlineData("OpenSSH_9.2p1 Debian-2+deb12u3, OpenSSL 3.0.15 3 Sep 2024", true)]
    [InlineData("OpenSSH_8.5p1, OpenSSL 1.1.1k", true)]
    [InlineData("OpenSSH_8.4p1 Debian-5+deb11u3, OpenSSL 1.1.1w", false)]
    [InlineData("OpenSSH_7.9p1", false)]
    [InlineData("Dropbear v2022.83", false)]
    public void KnownHostsCommand_is_used_from_OpenSSH_8_5_on(string version, bool expected) =>
        Assert.Equal(expected, OpenSshVersion.IsAtLeast(version, 8, 5));
}
