using Frugal.Core.Batching;
using Frugal.Core.Configuration;
using Frugal.Core.Dispatch;

namespace Frugal.Providers.Anthropic;

/// <summary><c>"kind": "anthropic"</c>: Anthropic's Messages API, translated to and from chat completions; batches through Message Batches.</summary>
public sealed class AnthropicKind : IProviderKind, IProviderBatchKind
{
    public const string KindName = "anthropic";

    public string Name => KindName;

    public IReadOnlyCollection<string> KindSettings { get; } = [];

    public IProviderClient Create(ProviderConfig provider, HttpClient http, TimeProvider time) => new AnthropicClient(provider, http, time);

    public bool BatchByDefault(ProviderConfig provider) => true;

    public IProviderBatchClient? CreateBatchClient(ProviderConfig provider, HttpClient http, TimeProvider time) => new AnthropicBatchClient(provider, http, time);
}
