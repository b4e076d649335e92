namespace Frugal.Core.Text;

/// <summary>
/// Counts the tokens of a text. Two implementations: <see cref="O200kTokenCounter"/> (exact for
/// OpenAI's o200k encoding, what budgets reserve on) and <see cref="CharacterTokenEstimate"/>
/// (a character rule of thumb, for places that need a number cheaply and never bill on it
/// exactly: unreported usage, the complexity classifier).
/// </summary>
public interface ITokenCounter
{
    int CountTokens(ReadOnlySpan<char> text);
}
