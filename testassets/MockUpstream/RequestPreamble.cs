namespace Frugal.MockUpstream;

/// <summary>The steps every chat/embeddings request shares after parsing: latency, then fault selection.</summary>
internal static class RequestPreamble
{
    /// <returns>
    /// Handled: a fault already produced the whole response. StreamFault: a fault the stream writer
    /// must apply part-way (disconnect, malformed, midstream-error), or null.
    /// </returns>
    public static async Task<(bool Handled, string? StreamFault)> RunAsync(
        MockCall call, Directives directives, MockUpstreamOptions options, FaultGate faults, Provider provider, bool stream)
    {
        // Latency comes first so it also delays error responses, like a slow real provider would.
        var latency = directives.LatencyMs ?? options.LatencyMs;
        if (latency > 0)
        {
            await Task.Delay(latency, call.Aborted);
        }

        if (directives.EchoAuth is { } echo)
        {
            await HostileResponses.EchoAuthAsync(call, provider, echo, stream);
            return (true, null);
        }

        var fault = faults.Resolve(directives, stream);
        if (fault is null)
        {
            return (false, null);
        }

        if (HostileResponses.Handles(fault))
        {
            await HostileResponses.RespondAsync(call, provider, fault, stream, options, faults.Stats);
            return (true, null);
        }

        return await FaultResponder.TryRespondAsync(call, provider, fault, stream) ? (true, null) : (false, fault);
    }
}
