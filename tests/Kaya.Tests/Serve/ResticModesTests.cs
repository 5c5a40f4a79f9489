using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kaya.Tests.Serve;

/// <summary>restic 0.14 through kaya serve in the modes not covered by the main end-to-end test.</summary>
public class ResticModesTests
{
    [Fact]
    public async Task Restic_works_over_tls_with_htpasswd()
    {
        using var temp = new TempFolder();
        var work = temp.Path;
        var data = Path.Combine(work, "data");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, ".htpasswd"), "web1:" + BCrypt.Net.BCrypt.HashPassword("pw", 5) + "\n");
        WriteSelfSignedCertificate(Path.Combine(data, "public_key"), Path.Combine(data, "private_key"));
        var source = SourceTree.Generate(Path.Combine(work, "source"), seed: 3, bigFiles: 1, smallFiles: 20);

        await using var kaya = await KayaCli.ServeAsync("--path", data, "--listen", "127.0.0.1:0", "--tls");
        var restic = new Restic($"rest:https://web1:pw@{kaya.Address}/web1/");
        await restic.MustAsync("--cacert", Path.Combine(data, "public_key"), "init");
        await restic.MustAsync("--cacert", Path.Combine(data, "public_key"), "backup", source);
        await restic.MustAsync("--cacert", Path.Combine(data, "public_key"), "check");
    }

    [Fact]
    public async Task A_backup_over_quota_fails_and_leaves_the_repository_consistent()
    {
        using var temp = new TempFolder();
        var work = temp.Path;
        var data = Path.Combine(work, "data");
        var source = SourceTree.Generate(Path.Combine(work, "source"), seed: 4, bigFiles: 3, smallFiles: 10);
        await using var kaya = await KayaCli.ServeAsync("--path", data, "--listen", "127.0.0.1:0", "--no-auth", "--max-size", "2M");
        var restic = new Restic($"rest:http://{kaya.Address}/q/");
        await restic.MustAsync("init");
        var (code, _, _) = await restic.RunAsync("backup", source);
        Assert.NotEqual(0, code);
        Assert.Empty(Directory.EnumerateFiles(data, "*kaya-tmp*", SearchOption.AllDirectories));
        await restic.RunAsync("unlock");
        await restic.MustAsync("check");
    }

    [Fact]
    public async Task Restic_works_with_upload_verification_off_and_prometheus_on()
    {
        using var temp = new TempFolder();
        var work = temp.Path;
        var source = SourceTree.Generate(Path.Combine(work, "source"), seed: 5, bigFiles: 1, smallFiles: 10);
        await using var kaya = await KayaCli.ServeAsync("--path", Path.Combine(work, "data"), "--listen", "127.0.0.1:0", "--no-auth", "--no-verify-upload", "--prometheus");
        var restic = new Restic($"rest:http://{kaya.Address}/m/");
        await restic.MustAsync("init");
        await restic.MustAsync("backup", source);
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync($"http://{kaya.Address}/metrics");
        Assert.Matches(@"rest_server_blob_write_total\{repo=""m"",type=""data"",user=""""\} [1-9]", metrics);
    }

    private static void WriteSelfSignedCertificate(string certPath, string keyPath)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(certPath, cert.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
    }
}
