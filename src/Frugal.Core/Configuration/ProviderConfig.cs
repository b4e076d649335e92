namespace Frugal.Core.Configuration;

/// <summary>One upstream provider. Its key is read from the environment, never from the file.</summary>
public sealed record ProviderConfig
{
    /// <summary>The kind of a provider whose config names none: any OpenAI-compatible API.</summary>
    public const string DefaultKind = "openai";

    public required string Name { get; init; }

    /// <summary>The <see cref="Dispatch.IProviderKind.Name"/> of the adapter that speaks this provider's API.</summary>
    public string Kind { get; init; } = DefaultKind;

    /// <summary>Base URL: for OpenAI-compatible providers it includes the version path (…/v1).</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>Environment variable holding the API key; unset means no key is sent.</summary>
    public string? ApiKeyEnv { get; init; }

    /// <summary>Set for Azure OpenAI: requests go to /openai/deployments/{deployment}/… with this api-version.</summary>
    public string? AzureApiVersion { get; init; }

    /// <summary>Time allowed until the answer (non-streaming) or the first chunk (streaming).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Retries after the first attempt for 429, 5xx, timeouts and connection failures.</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>First backoff delay; doubles per retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Extra headers sent with every request to this provider (e.g. OpenRouter's HTTP-Referer).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>This provider's proxy (<c>"proxy"</c>); null = the environment's HTTPS_PROXY/HTTP_PROXY/NO_PROXY.</summary>
    public ProviderProxy? Proxy { get; init; }
}
