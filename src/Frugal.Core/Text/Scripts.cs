namespace Frugal.Core.Text;

/// <summary>Which writing system a character belongs to, where text handling depends on it.</summary>
public static class Scripts
{
    /// <summary>
    /// Han, kana and Hangul: scripts written without spaces between words, at about one token per
    /// character. The ranges are part of persisted behaviour (router features, embedder buckets):
    /// widening them changes saved models' inputs.
    /// </summary>
    public static bool IsCjk(char c) =>
        c is (>= '\u3040' and <= '\u30FF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF')
            or (>= '\uAC00' and <= '\uD7AF') or (>= '\uF900' and <= '\uFAFF');
}
