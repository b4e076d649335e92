using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Frugal.Core.Pipeline;

namespace Frugal.Providers.Http;

/// <summary>
/// A request body for a provider, or a 400 when the request holds what JSON cannot carry (a non-finite number, a
/// lone surrogate, nesting too deep): the serializer's exception must never become a 500 after the client's
/// request was accepted. Every adapter encodes its upstream body through here.
/// </summary>
public static class UpstreamJson
{
    public static GatewayResult<byte[]> Encode<T>(string provider, T value, JsonTypeInfo<T> typeInfo)
        => Encode(provider, (value, typeInfo), static state => JsonSerializer.SerializeToUtf8Bytes(state.value, state.typeInfo));

    /// <summary>For bodies an adapter assembles itself; <paramref name="serialize"/> gets <paramref name="state"/> (no closure on the hot path).</summary>
    public static GatewayResult<byte[]> Encode<TState>(string provider, TState state, Func<TState, byte[]> serialize)
    {
        ArgumentNullException.ThrowIfNull(serialize);
        try
        {
            return serialize(state);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return GatewayError.InvalidRequest(
                $"The request cannot be encoded as JSON for provider '{provider}' (a non-finite number, an invalid character or nesting too deep).");
        }
    }
}
