using Microsoft.ML.Tokenizers;

namespace Frugal.Core.Text;

/// <summary>
/// Tokens as o200k (gpt-4o's encoding) counts them. Other providers' tokenizers differ by a few
/// percent either way. The tokenizer is built on first use (it loads a vocabulary of 200k entries).
/// </summary>
public sealed class O200kTokenCounter : ITokenCounter
{
    private static readonly Lazy<TiktokenTokenizer> Tokenizer = new(() => TiktokenTokenizer.CreateForModel("gpt-4o"));

    private O200kTokenCounter()
    {
    }

    public static O200kTokenCounter Instance { get; } = new();

    public int CountTokens(ReadOnlySpan<char> text) => text.IsEmpty ? 0 : Tokenizer.Value.CountTokens(text);

    // The string overload is what budgets call per request and per streamed chunk: it hands the tokenizer the
    // string itself (its string path, exactly as before this interface existed) rather than a span of it.
    public int CountTokens(string? text) => string.IsNullOrEmpty(text) ? 0 : Tokenizer.Value.CountTokens(text);

    /// <summary>The longest prefix of <paramref name="text"/> with at most <paramref name="tokens"/> tokens.</summary>
    public string Prefix(string text, int tokens)
    {
        if (tokens <= 0 || text.Length == 0)
        {
            return string.Empty;
        }

        var index = Tokenizer.Value.GetIndexByTokenCount(text, tokens, out _, out _);
        return index >= text.Length ? text : text[..index];
    }
}
