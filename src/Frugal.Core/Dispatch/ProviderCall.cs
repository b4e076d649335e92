using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Dispatch;

/// <summary>
/// A chat request bound for one provider. <see cref="Request"/> is the client's body as the
/// stages left it; the adapter sends it under <see cref="UpstreamModel"/>. Streaming calls
/// always ask the upstream for usage (the ledger needs it); the client only gets the usage
/// chunk when it asked for it.
/// </summary>
public sealed record ProviderCall(ChatCompletionRequest Request, string UpstreamModel)
{
    /// <summary>
    /// Set by an adapter that got a 200 whose body it could not use (malformed or oddly shaped)
    /// but whose usage it could still read: the call was billed, so the ledger records that usage
    /// even though the client gets a 502.
    /// </summary>
    public ChatUsage? UsageOfUnusableAnswer { get; set; }
}
