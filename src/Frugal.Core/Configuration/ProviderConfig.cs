namespace Frugal.Core.Configuration;

/// <summary>One upstream provider. Its key comes from <c>apiKey</c> (best as <c>env:NAME</c> or <c>file:PATH</c>) or the variable <c>apiKeyEnv</c> names.</summary>
public sealed record ProviderConfig
{
    /// <summary>The kind of a provider whose config names none: any OpenAI-compatible API.</summary>
    public const string DefaultKind = "openai";

    public required string Name { get; init; }

    /// <summary>The <see cref="Dispatch.IProviderKind.Name"/> of the adapter that speaks this provider's API.</summary>
    public string Kind { get; init; } = DefaultKind;

    /// <summary>Base URL: for OpenAI-compatible providers it includes the version path (…/v1).</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>Environment variable holding the API key (used when <see cref="ApiKey"/> is not set); unset means no key is sent.</summary>
    public string? ApiKeyEnv { get; init; }

    /// <summary>The key from <c>apiKey</c> (a secret setting: literal, <c>env:NAME</c> or <c>file:PATH</c>), already resolved.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The API key to send: <see cref="ApiKey"/>, else the variable <see cref="ApiKeyEnv"/> names; null for none.</summary>
    public string? ResolveApiKey()
        => ApiKey is { Length: > 0 } key ? key : string.IsNullOrEmpty(ApiKeyEnv) ? null : Environment.GetEnvironmentVariable(ApiKeyEnv);

    /// <summary>Set for Azure OpenAI: requests go to /openai/deployments/{deployment}/… with this api-version.</summary>
    public string? AzureApiVersion { get; init; }

    /// <summary>Time allowed until the answer (non-streaming) or the first chunk (streaming).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Retries after the first attempt for 429, 5xx, timeouts and connection failures.</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>First backoff delay; doubles per retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// <c>"batch"</c>: whether batch lines for this provider go through its batch API (half price, up to 24 h)
    /// or run as ordinary calls. Null: the kind's default (<see cref="Batching.IProviderBatchKind.BatchByDefault"/>).
    /// </summary>
    public bool? Batch { get; init; }

    /// <summary>Extra headers sent with every request to this provider (e.g. OpenRouter's HTTP-Referer).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>This provider's proxy (<c>"proxy"</c>); null = the environment's HTTPS_PROXY/HTTP_PROXY/NO_PROXY.</summary>
    public ProviderProxy? Proxy { get; init; }
}
