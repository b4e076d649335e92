namespace Frugal.Core.Pipeline;

/// <summary>
/// Thrown from a stream's enumerator when it fails after its first chunk: the response has
/// started, so the error can only be reported in-band and must not be retried.
/// </summary>
public sealed class GatewayStreamException(GatewayError error) : Exception(error.Message)
{
    public GatewayError Error { get; } = error;
}
