using Frugal.Core.Configuration;
using Frugal.Core.Security;

namespace Frugal.Providers.Http;

/// <summary>
/// The secrets one provider's adapter sends upstream, as a <see cref="CredentialMasker"/> for what
/// comes back: its API key, and configured headers whose names say they carry a credential
/// (others, such as <c>anthropic-beta</c> or OpenRouter's <c>X-Title</c>, stay readable in errors).
/// </summary>
public static class ProviderSecrets
{
    private static readonly string[] CredentialHeaderWords = ["auth", "key", "token", "secret", "cookie", "password", "signature", "credential"];

    public static CredentialMasker Masker(ProviderConfig provider, string? apiKey)
        => new(provider.Headers
            .Where(header => CredentialHeaderWords.Any(word => header.Key.Contains(word, StringComparison.OrdinalIgnoreCase)))
            .Select(header => StripScheme(header.Value))
            .Append(apiKey));

    /// <summary>"Bearer xyz" → "xyz": the scheme word is not secret, and masking it would hide ordinary text.</summary>
    private static string StripScheme(string value)
    {
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && space < value.Length - 1 ? value[(space + 1)..].Trim() : value;
    }
}
