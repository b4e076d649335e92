using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Frugal.Tests.Hosting;

/// <summary>A self-signed certificate for 127.0.0.1/localhost made in the test, written as PEM (cert + key) or PFX.</summary>
public sealed class TestCertificates : IDisposable
{
    public TestCertificates()
    {
        Directory.CreateDirectory(Folder);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=frugal-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // server auth
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        Thumbprint = certificate.Thumbprint;
        File.WriteAllText(CertificatePem, certificate.ExportCertificatePem());
        File.WriteAllText(KeyPem, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllBytes(Pfx, certificate.Export(X509ContentType.Pkcs12, PfxPassword));
    }

    public const string PfxPassword = "correct horse";

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "frugal-hosting-certs", Guid.NewGuid().ToString("N"));

    public string CertificatePem => Path.Combine(Folder, "cert.pem");

    public string KeyPem => Path.Combine(Folder, "key.pem");

    public string Pfx => Path.Combine(Folder, "cert.pfx");

    public string Thumbprint { get; }

    /// <summary>An HttpClient that trusts exactly this certificate (and nothing else that is not trusted anyway).</summary>
    public HttpClient TrustingClient(Uri baseUri) => new(new SocketsHttpHandler
    {
        SslOptions = new System.Net.Security.SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors)
                => errors == System.Net.Security.SslPolicyErrors.None
                    || (certificate is not null && string.Equals(certificate.GetCertHashString(), Thumbprint, StringComparison.OrdinalIgnoreCase)),
        },
    })
    {
        BaseAddress = baseUri,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
