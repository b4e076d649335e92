using System.Net.Http.Headers;
using Frugal.Core.Configuration;

namespace Frugal.Providers.OpenAICompatible;

/// <summary>The credentials and configured headers on every request to an OpenAI-compatible provider (chat, embeddings, files, batches).</summary>
internal static class OpenAIHeaders
{
    public static void Apply(HttpRequestMessage message, ProviderConfig provider, string? apiKey)
    {
        if (apiKey is not null)
        {
            if (provider.AzureApiVersion is not null)
            {
                message.Headers.TryAddWithoutValidation("api-key", apiKey);
            }
            else
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            }
        }

        foreach (var (name, value) in provider.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }
    }
}
