using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Frugal.Server.Hosting;

/// <summary>
/// Opens the configured certificate once at start. Every way it can fail (file missing or unreadable, not a
/// certificate, no private key, wrong password) is a <see cref="GatewayStartupException"/> naming the file, so
/// the operator sees one line instead of Kestrel's first-handshake stack trace.
/// </summary>
public static class TlsCertificates
{
    public static X509Certificate2 Load(TlsConfig tls, Func<string, string?> environment)
    {
        var certificatePath = tls.Certificate ?? throw new GatewayStartupException("An https:// listen URL needs a certificate: set tls.certificate in frugal.json (a PEM or .pfx file).");
        RequireReadable(certificatePath, "tls.certificate");
        var password = Password(tls, environment);
        try
        {
            var certificate = IsPkcs12(certificatePath)
                ? X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password, X509KeyStorageFlags.EphemeralKeySet)
                : LoadPem(certificatePath, tls.Key, password);
            if (!certificate.HasPrivateKey)
            {
                certificate.Dispose();
                throw new GatewayStartupException($"TLS certificate {certificatePath} has no private key: set tls.key to its PEM key file, or use a .pfx that contains the key.");
            }

            return certificate;
        }
        catch (CryptographicException ex)
        {
            var hint = password is null ? "is it a PEM certificate (with tls.key) or a .pfx, and does its key need a password (tls.passwordEnv / tls.passwordFile)?" : "is the password right?";
            throw new GatewayStartupException($"TLS certificate {certificatePath} could not be loaded ({ex.Message.TrimEnd('.')}): {hint}", ex);
        }
        catch (ArgumentException ex)
        {
            throw new GatewayStartupException($"TLS certificate {certificatePath} could not be loaded: {ex.Message}", ex);
        }
    }

    private static X509Certificate2 LoadPem(string certificatePath, string? keyPath, string? password)
    {
        if (keyPath is not null)
        {
            RequireReadable(keyPath, "tls.key");
        }

        var key = keyPath ?? certificatePath;
        using var fromPem = password is null
            ? X509Certificate2.CreateFromPemFile(certificatePath, key)
            : X509Certificate2.CreateFromEncryptedPemFile(certificatePath, password, key);

        // A certificate from PEM holds an ephemeral key that SslStream cannot use on every platform: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(fromPem.Export(X509ContentType.Pkcs12), password: null);
    }

    private static string? Password(TlsConfig tls, Func<string, string?> environment)
    {
        if (tls.PasswordEnv is { } variable)
        {
            return environment(variable) is { Length: > 0 } fromEnvironment
                ? fromEnvironment
                : throw new GatewayStartupException($"TLS password variable {variable} (tls.passwordEnv) is not set.");
        }

        if (tls.PasswordFile is { } file)
        {
            RequireReadable(file, "tls.passwordFile");
            return File.ReadAllText(file).TrimEnd('\r', '\n');
        }

        return null;
    }

    private static bool IsPkcs12(string path)
        => path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);

    private static void RequireReadable(string path, string setting)
    {
        try
        {
            using var stream = File.OpenRead(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var reason = ex is FileNotFoundException or DirectoryNotFoundException ? "does not exist" : $"cannot be read ({ex.Message.TrimEnd('.')})";
            throw new GatewayStartupException($"TLS file {Path.GetFullPath(path)} ({setting}) {reason}.", ex);
        }
    }
}
