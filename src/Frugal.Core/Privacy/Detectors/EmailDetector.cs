namespace Frugal.Core.Privacy.Detectors;

/// <summary>
/// E-mail addresses, found from each '@' outwards (a regex with a leading character class would retry at every
/// letter of the prompt): a local part of RFC 5322 atom characters and dots, a domain of labels with a letter TLD.
/// </summary>
public sealed class EmailDetector : IPiiDetector
{
    private const double Score = 0.9;

    public PiiEntityType Entity => PiiEntityType.Email;

    public IReadOnlyList<string> ContextWords { get; } = ["email", "e-mail", "mail", "邮箱", "邮件"];

    public void Detect(string text, List<PiiFinding> findings)
    {
        var from = 0;
        while (from < text.Length)
        {
            var at = text.IndexOf('@', from);
            if (at < 0)
            {
                return;
            }

            from = at + 1;
            var start = at;
            while (start > 0 && at - start < 64 && IsLocal(text[start - 1]))
            {
                start--;
            }

            while (start < at && text[start] == '.')
            {
                start++; // a local part does not start with a dot
            }

            if (start == at)
            {
                continue;
            }

            var end = DomainEnd(text, at + 1);
            if (end < 0)
            {
                continue;
            }

            findings.Add(new PiiFinding(start, end - start, Entity, Score));
            from = end;
        }
    }

    private static bool IsLocal(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-' or '\'';

    /// <summary>End of a domain of dot-separated labels whose last label is 2–24 letters; -1 when there is none.</summary>
    private static int DomainEnd(string text, int start)
    {
        var i = start;
        var lastDot = -1;
        var labelLength = 0;
        while (i < text.Length && i - start < 253)
        {
            var c = text[i];
            if (char.IsAsciiLetterOrDigit(c) || c == '-')
            {
                labelLength++;
            }
            else if (c == '.' && labelLength > 0 && i + 1 < text.Length && char.IsAsciiLetterOrDigit(text[i + 1]))
            {
                lastDot = i;
                labelLength = 0;
            }
            else
            {
                break;
            }

            i++;
        }

        if (lastDot < 0)
        {
            return -1;
        }

        var tld = text.AsSpan(lastDot + 1, i - lastDot - 1);
        while (tld.Length > 0 && tld[^1] == '-')
        {
            tld = tld[..^1];
            i--;
        }

        if (tld.Length is < 2 or > 24)
        {
            return -1;
        }

        foreach (var c in tld)
        {
            if (!char.IsAsciiLetter(c))
            {
                return -1;
            }
        }

        return i;
    }
}
