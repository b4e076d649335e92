using System.Globalization;
using System.Text.RegularExpressions;

namespace Frugal.MockUpstream.Batches;

/// <summary>
/// Batch-level fault directives, found anywhere in a batch's lines: <c>[[batch:expire]]</c> (the batch
/// expires; the lines carrying it are not run and come back expired, the others are answered),
/// <c>[[batch:poll-fail:N]]</c> (the next N GETs of the batch answer 503), <c>[[batch:refuse]]</c> or
/// <c>[[batch:refuse:STATUS]]</c> (creation refused, 400 by default).
/// </summary>
internal static partial class BatchDirectives
{
    [GeneratedRegex(@"\[\[batch:(expire|poll-fail|refuse)(?::(\d{1,4}))?\]\]", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>True when this line's text asks to expire (it is then not run).</summary>
    public static bool Expires(string lineText) => lineText.Contains("[[batch:expire]]", StringComparison.Ordinal);

    public static (bool Expire, int PollFailures, int? RefuseStatus) Scan(IEnumerable<string> lineTexts)
    {
        var expire = false;
        var pollFailures = 0;
        int? refuse = null;
        foreach (var text in lineTexts)
        {
            if (!text.Contains("[[batch:", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match match in Pattern().Matches(text))
            {
                var number = match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : (int?)null;
                switch (match.Groups[1].Value)
                {
                    case "expire":
                        expire = true;
                        break;
                    case "poll-fail":
                        pollFailures = Math.Max(pollFailures, number ?? 1);
                        break;
                    default:
                        refuse = number is >= 400 and <= 599 ? number : StatusCodes.Status400BadRequest;
                        break;
                }
            }
        }

        return (expire, pollFailures, refuse);
    }
}
