using Frugal.Core.Configuration;

namespace Frugal.Core.Routing;

/// <summary>Where one attempt goes: a provider, the gateway's model name, and the provider's model id.</summary>
public sealed record RouteTarget(ProviderConfig Provider, string Model, string UpstreamModel);
