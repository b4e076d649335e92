using Frugal.Core.Configuration;
using Frugal.Core.Dispatch;

namespace Frugal.Tests.Providers.Kinds;

/// <summary>A provider kind that lives outside Frugal.Providers: what a new kind costs (one class, one registration).</summary>
public sealed class EchoKind : IProviderKind
{
    public const string KindName = "echo";

    public string Name => KindName;

    public IReadOnlyCollection<string> KindSettings { get; } = [];

    public IProviderClient Create(ProviderConfig provider, HttpClient http, TimeProvider time) => new EchoClient(provider.Name);
}
