using System.Net;
using System.Net.Sockets;
using Frugal.Core.Configuration;

namespace Frugal.Providers.Batches;

/// <summary>
/// Whether an OpenAI-compatible provider whose config says nothing about <c>"batch"</c> gets a batch client:
/// not for Azure (its batches need a global-batch deployment and another URL scheme) and not for a base URL on a
/// loopback, private, link-local or unique-local address or <c>localhost</c>, where Ollama, vLLM and llama.cpp
/// live and no Files/Batches API exists. An explicit <c>"batch": true|false</c> always wins.
/// </summary>
public static class ProviderBatchDefaults
{
    public static bool IsLocalNetwork(Uri baseUrl)
    {
        var host = baseUrl.IdnHost;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!IPAddress.TryParse(host.Trim('[', ']'), out var address))
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal;
        }

        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        return b[0] == 10
            || (b[0] == 172 && b[1] is >= 16 and <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] is >= 64 and <= 127); // carrier-grade NAT, e.g. a tailnet
    }

    /// <summary>The rule for the <c>openai</c> kind when <see cref="ProviderConfig.Batch"/> is unset.</summary>
    public static bool OpenAIByDefault(ProviderConfig provider)
        => provider.AzureApiVersion is null && !IsLocalNetwork(provider.BaseUrl);
}
