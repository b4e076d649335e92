namespace Frugal.Server.Hosting;

/// <summary>
/// The optional <c>tls</c> section: the certificate Kestrel serves on every <c>https://</c> listen URL.
/// <see cref="Certificate"/> is a PEM file (then <see cref="Key"/> is its PEM private key, unless the key is in the
/// same file) or a PKCS#12 file (<c>.pfx</c>/<c>.p12</c>). The password of an encrypted key or PFX comes from the
/// environment variable named by <see cref="PasswordEnv"/> or the file <see cref="PasswordFile"/>, never from frugal.json.
/// </summary>
public sealed record TlsConfig
{
    public string? Certificate { get; init; }

    public string? Key { get; init; }

    public string? PasswordEnv { get; init; }

    public string? PasswordFile { get; init; }

    public bool IsConfigured => Certificate is not null;
}
