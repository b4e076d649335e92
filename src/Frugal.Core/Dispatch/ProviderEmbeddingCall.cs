using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Dispatch;

public sealed record ProviderEmbeddingCall(EmbeddingRequest Request, string UpstreamModel);
