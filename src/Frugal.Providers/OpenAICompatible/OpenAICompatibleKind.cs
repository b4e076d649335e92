using Frugal.Core.Configuration;
using Frugal.Core.Dispatch;

namespace Frugal.Providers.OpenAICompatible;

/// <summary><c>"kind": "openai"</c>: any OpenAI-compatible API; <c>apiVersion</c> switches to Azure OpenAI's deployment URLs.</summary>
public sealed class OpenAICompatibleKind : IProviderKind
{
    public const string KindName = ProviderConfig.DefaultKind;

    public string Name => KindName;

    public IReadOnlyCollection<string> KindSettings { get; } = ["apiVersion"];

    public IProviderClient Create(ProviderConfig provider, HttpClient http, TimeProvider time) => new OpenAICompatibleClient(provider, http, time);
}
