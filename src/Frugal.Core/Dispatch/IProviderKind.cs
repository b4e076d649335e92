using Frugal.Core.Configuration;

namespace Frugal.Core.Dispatch;

/// <summary>
/// One kind of upstream API (<c>"kind": "openai"</c>, <c>"anthropic"</c>), registered through DI and
/// looked up by <see cref="Name"/> the way YARP picks a load-balancing policy: the config names a kind,
/// the provider registry asks the kind for one client per configured provider. Kinds are stateless.
/// </summary>
public interface IProviderKind
{
    /// <summary>The value of a provider's <c>"kind"</c> in the config; ordinal, lower case by convention.</summary>
    string Name { get; }

    /// <summary>Provider settings only this kind accepts (e.g. <c>apiVersion</c> for Azure OpenAI); elsewhere they are errors.</summary>
    IReadOnlyCollection<string> KindSettings { get; }

    /// <summary>Creates the adapter for one configured provider; called once per provider at start.</summary>
    IProviderClient Create(ProviderConfig provider, HttpClient http, TimeProvider time);
}
