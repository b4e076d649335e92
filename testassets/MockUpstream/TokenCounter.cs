using Microsoft.ML.Tokenizers;

namespace Frugal.MockUpstream;

/// <summary>
/// One shared o200k tokenizer (what gpt-4o uses). Loading the vocabulary is expensive, so it is created
/// once per process; the tokenizer is thread-safe.
/// </summary>
internal static class TokenCounter
{
    public static readonly TiktokenTokenizer Tokenizer = TiktokenTokenizer.CreateForModel("gpt-4o");

    public static int Count(string text) => text.Length == 0 ? 0 : Tokenizer.CountTokens(text);

    public static IReadOnlyList<EncodedToken> Encode(string text) =>
        text.Length == 0 ? [] : Tokenizer.EncodeToTokens(text, out _);

    /// <summary>Longest prefix of <paramref name="text"/> with at most <paramref name="maxTokens"/> tokens.</summary>
    public static string Prefix(string text, int maxTokens, out int tokenCount)
    {
        if (maxTokens <= 0 || text.Length == 0)
        {
            tokenCount = 0;
            return string.Empty;
        }

        var index = Tokenizer.GetIndexByTokenCount(text, maxTokens, out _, out tokenCount);
        return index >= text.Length ? text : text[..index];
    }
}
