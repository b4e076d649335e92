using Frugal.Core.Configuration;
using Frugal.Core.Dispatch;

namespace Frugal.Providers.Anthropic;

/// <summary><c>"kind": "anthropic"</c>: Anthropic's Messages API, translated to and from chat completions.</summary>
public sealed class AnthropicKind : IProviderKind
{
    public const string KindName = "anthropic";

    public string Name => KindName;

    public IReadOnlyCollection<string> KindSettings { get; } = [];

    public IProviderClient Create(ProviderConfig provider, HttpClient http, TimeProvider time) => new AnthropicClient(provider, http, time);
}
