namespace Frugal.Core.Privacy.Detectors;

/// <summary>
/// A tenant's deny-list from <c>privacy.denyLists</c> (project code names, customer names): every occurrence of a
/// listed value, ignoring case, that is not part of a longer word, is certain.
/// </summary>
public sealed class DenyListDetector(PiiEntityType entity, IReadOnlyList<string> values) : IPiiDetector
{
    public PiiEntityType Entity => entity;

    public IReadOnlyList<string> ContextWords => [];

    public void Detect(string text, List<PiiFinding> findings)
    {
        foreach (var value in values)
        {
            var from = 0;
            while (from <= text.Length - value.Length)
            {
                var at = text.IndexOf(value, from, StringComparison.OrdinalIgnoreCase);
                if (at < 0)
                {
                    break;
                }

                var end = at + value.Length;
                if (!IsWordPart(text, at - 1) && !IsWordPart(text, end))
                {
                    findings.Add(new PiiFinding(at, value.Length, entity, 1.0));
                }

                from = end;
            }
        }
    }

    /// <summary>An ASCII letter or digit next to the value makes it part of a longer word ("Bluebirds").</summary>
    private static bool IsWordPart(string text, int index) => index >= 0 && index < text.Length && char.IsAsciiLetterOrDigit(text[index]);
}
