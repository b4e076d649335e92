using Microsoft.ML.Tokenizers;

namespace Frugal.MockUpstream;

/// <summary>Splits a reply into at most N stream pieces on token boundaries, like a real model emits tokens.</summary>
internal static class TextSplitter
{
    public static TextPiece[] Split(string text, int maxPieces, out IReadOnlyList<EncodedToken> tokens)
    {
        tokens = TokenCounter.Encode(text);
        var count = tokens.Count;
        if (count == 0)
        {
            return text.Length == 0 ? [] : [new TextPiece(text, 0, 0)];
        }

        var pieces = Math.Clamp(maxPieces, 1, count);
        var result = new List<TextPiece>(pieces);
        int startChar = 0, startToken = 0;
        for (var p = 1; p <= pieces; p++)
        {
            var endToken = (int)((long)p * count / pieces);
            var endChar = endToken >= count ? text.Length : tokens[endToken].Offset.Start.GetOffset(text.Length);
            endChar = Math.Clamp(endChar, startChar, text.Length);

            // A token boundary inside a surrogate pair (emoji split into byte tokens) is moved back.
            if (endChar > startChar && endChar < text.Length && char.IsLowSurrogate(text[endChar]))
            {
                endChar--;
            }

            if (endChar > startChar)
            {
                result.Add(new TextPiece(text[startChar..endChar], startToken, endToken - startToken));
                startChar = endChar;
                startToken = endToken;
            }
        }

        if (startChar < text.Length)
        {
            result.Add(new TextPiece(text[startChar..], startToken, count - startToken));
        }

        return [.. result];
    }
}
