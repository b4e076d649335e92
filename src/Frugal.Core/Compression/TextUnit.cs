namespace Frugal.Core.Compression;

/// <summary>
/// One piece of a text that selection keeps or drops as a whole: a sentence or line of prose, or an atomic block
/// (fenced code, a table, JSON, indented/preformatted text) that is never cut inside. Offsets are into the text the
/// <see cref="TextSegmenter"/> was given; <see cref="Block"/> numbers the paragraph (passage) it belongs to.
/// </summary>
public readonly record struct TextUnit(int Start, int Length, int Block, bool Atomic, bool Keep)
{
    public int End => Start + Length;
}
