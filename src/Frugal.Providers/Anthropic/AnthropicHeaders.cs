using Frugal.Core.Configuration;

namespace Frugal.Providers.Anthropic;

/// <summary>The key, API version and configured headers on every request to Anthropic (messages, message batches, results).</summary>
internal static class AnthropicHeaders
{
    public static void Apply(HttpRequestMessage request, ProviderConfig provider, string? apiKey)
    {
        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("x-api-key", apiKey);
        }

        request.Headers.TryAddWithoutValidation("anthropic-version", AnthropicClient.ApiVersion);

        // Configured headers win (e.g. anthropic-beta, or a pinned anthropic-version).
        foreach (var (name, value) in provider.Headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }
}
