namespace Frugal.MockUpstream;

/// <summary>Which provider's wire format (error bodies, SSE framing) a response must use.</summary>
internal enum Provider
{
    OpenAi,
    Anthropic,
}
