using System.Net;
using Frugal.Server;

namespace Frugal.Tests.Hosting;

public sealed class TlsTests : IDisposable
{
    private readonly TestCertificates _certificates = new();

    public void Dispose() => _certificates.Dispose();

    private static string Json(string path) => path.Replace("\\", "/", StringComparison.Ordinal);

    [Fact]
    public async Task A_PEM_certificate_and_key_are_served_on_an_https_url()
    {
        var dataDir = HostedGateway.NewDataDir();
        var config = HostedGateway.Config(dataDir, $$""", "tls": { "certificate": "{{Json(_certificates.CertificatePem)}}", "key": "{{Json(_certificates.KeyPem)}}" }""");
        await using var gateway = await HostedGateway.StartAsync(config, dataDir, urls: ["https://127.0.0.1:0"]);

        Assert.StartsWith("https://", gateway.BaseUri.AbsoluteUri, StringComparison.Ordinal);
        using var client = _certificates.TrustingClient(gateway.BaseUri);
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_PFX_with_its_password_from_a_file_is_served_and_an_untrusting_client_is_refused()
    {
        var dataDir = HostedGateway.NewDataDir();
        var passwordFile = Path.Combine(_certificates.Folder, "password");
        await File.WriteAllTextAsync(passwordFile, TestCertificates.PfxPassword + "\n");
        var config = HostedGateway.Config(dataDir, $$""", "tls": { "certificate": "{{Json(_certificates.Pfx)}}", "passwordFile": "{{Json(passwordFile)}}" }""");
        await using var gateway = await HostedGateway.StartAsync(config, dataDir, urls: ["https://127.0.0.1:0"]);

        using var client = _certificates.TrustingClient(gateway.BaseUri);
        using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        using var untrusting = new HttpClient { BaseAddress = gateway.BaseUri };
        await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync(new Uri("/healthz", UriKind.Relative)));
    }

    [Fact]
    public void An_https_url_without_a_tls_section_is_a_one_line_startup_error()
    {
        var dataDir = HostedGateway.NewDataDir();
        var error = Assert.Throws<GatewayStartupException>(() => HostedGateway.Build(HostedGateway.Config(dataDir), urls: ["https://127.0.0.1:0"]));
        Assert.Contains("tls.certificate", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_missing_certificate_file_is_named()
    {
        var dataDir = HostedGateway.NewDataDir();
        var missing = Path.Combine(_certificates.Folder, "nope.pem");
        var config = HostedGateway.Config(dataDir, $$""", "tls": { "certificate": "{{Json(missing)}}" }""");
        var error = Assert.Throws<GatewayStartupException>(() => HostedGateway.Build(config, urls: ["https://127.0.0.1:0"]));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_wrong_PFX_password_is_a_startup_error_that_asks_about_the_password()
    {
        var dataDir = HostedGateway.NewDataDir();
        var config = HostedGateway.Config(dataDir, $$""", "tls": { "certificate": "{{Json(_certificates.Pfx)}}", "passwordEnv": "FRUGAL_TEST_WRONG_TLS_PASSWORD" }""");
        Environment.SetEnvironmentVariable("FRUGAL_TEST_WRONG_TLS_PASSWORD", "wrong password");
        var error = Assert.Throws<GatewayStartupException>(() => HostedGateway.Build(config, urls: ["https://127.0.0.1:0"]));
        Assert.Contains("is the password right?", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong password", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_certificate_is_a_startup_error()
    {
        var dataDir = HostedGateway.NewDataDir();
        var garbage = Path.Combine(_certificates.Folder, "garbage.pem");
        File.WriteAllText(garbage, "this is not a certificate");
        var config = HostedGateway.Config(dataDir, $$""", "tls": { "certificate": "{{Json(garbage)}}", "key": "{{Json(_certificates.KeyPem)}}" }""");
        var error = Assert.Throws<GatewayStartupException>(() => HostedGateway.Build(config, urls: ["https://127.0.0.1:0"]));
        Assert.Contains(garbage, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
