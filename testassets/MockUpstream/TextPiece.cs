namespace Frugal.MockUpstream;

/// <summary>One streamed fragment and the range of reply tokens it covers (for per-chunk logprobs).</summary>
internal readonly record struct TextPiece(string Text, int FirstToken, int TokenCount);
