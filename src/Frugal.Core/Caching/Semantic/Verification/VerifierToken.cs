namespace Frugal.Core.Caching.Semantic.Verification;

internal enum VerifierTokenKind
{
    Word,
    Number,
    Symbol,
    Cjk,
    Date,
    Code,
}

/// <summary>
/// One token of a text being verified. <see cref="Text"/> is folded and lower-cased;
/// <see cref="Capitalised"/>, <see cref="AllCaps"/> and <see cref="MixedCase"/> come from the
/// original spelling; <see cref="SentenceStart"/> marks the first token of a sentence.
/// </summary>
internal readonly record struct VerifierToken(
    VerifierTokenKind Kind,
    string Text,
    bool Capitalised = false,
    bool AllCaps = false,
    bool MixedCase = false,
    bool SentenceStart = false);
