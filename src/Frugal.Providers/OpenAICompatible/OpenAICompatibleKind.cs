using Frugal.Core.Batching;
using Frugal.Core.Configuration;
using Frugal.Core.Dispatch;

namespace Frugal.Providers.OpenAICompatible;

/// <summary>
/// <c>"kind": "openai"</c>: any OpenAI-compatible API; <c>apiVersion</c> switches to Azure OpenAI's deployment URLs.
/// Batches through OpenAI's Files + Batches APIs, by default only off the local network and not on Azure
/// (<see cref="Batches.ProviderBatchDefaults"/>); Azure never gets a batch client.
/// </summary>
public sealed class OpenAICompatibleKind : IProviderKind, IProviderBatchKind
{
    public const string KindName = ProviderConfig.DefaultKind;

    public string Name => KindName;

    public IReadOnlyCollection<string> KindSettings { get; } = ["apiVersion"];

    public IProviderClient Create(ProviderConfig provider, HttpClient http, TimeProvider time) => new OpenAICompatibleClient(provider, http, time);

    public bool BatchByDefault(ProviderConfig provider) => Batches.ProviderBatchDefaults.OpenAIByDefault(provider);

    public IProviderBatchClient? CreateBatchClient(ProviderConfig provider, HttpClient http, TimeProvider time)
        => provider.AzureApiVersion is null ? new OpenAIBatchClient(provider, http, time) : null;
}
