namespace Frugal.Core.Text;

/// <summary>
/// A token count from characters alone: four characters per token (the usual rule of thumb for
/// English; it errs high for code), rounded up, and optionally one token per CJK character, where
/// four-per-token would under-count by about four times. Two instances because two callers have
/// recorded numbers that must not move: <see cref="Plain"/> is what the ledger books for usage an
/// upstream never reported; <see cref="CjkAware"/> is what the complexity classifier thresholds on.
/// </summary>
public sealed class CharacterTokenEstimate : ITokenCounter
{
    private const int CharactersPerToken = 4;

    private readonly bool _cjkCharacterIsToken;

    private CharacterTokenEstimate(bool cjkCharacterIsToken) => _cjkCharacterIsToken = cjkCharacterIsToken;

    /// <summary>Every character a quarter token.</summary>
    public static CharacterTokenEstimate Plain { get; } = new(cjkCharacterIsToken: false);

    /// <summary>A CJK character one token, any other a quarter.</summary>
    public static CharacterTokenEstimate CjkAware { get; } = new(cjkCharacterIsToken: true);

    /// <summary>Tokens for <paramref name="characters"/> non-CJK characters, rounded up (for callers that only kept a length).</summary>
    public static long ForCharacters(long characters) => (characters + CharactersPerToken - 1) / CharactersPerToken;

    public int CountTokens(ReadOnlySpan<char> text) => _cjkCharacterIsToken ? CountTokens(text, out _) : (int)ForCharacters(text.Length);

    /// <summary>The estimate, and how many of the characters were CJK (counted by <see cref="Plain"/> too, though it does not weigh them).</summary>
    public int CountTokens(ReadOnlySpan<char> text, out int cjkCharacters)
    {
        var cjk = 0;
        foreach (var c in text)
        {
            if (Scripts.IsCjk(c))
            {
                cjk++;
            }
        }

        cjkCharacters = cjk;
        return _cjkCharacterIsToken
            ? cjk + (int)ForCharacters(text.Length - cjk)
            : (int)ForCharacters(text.Length);
    }
}
