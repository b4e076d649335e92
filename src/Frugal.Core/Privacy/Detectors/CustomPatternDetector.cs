using System.Text.RegularExpressions;

namespace Frugal.Core.Privacy.Detectors;

/// <summary>
/// A tenant's own pattern from <c>privacy.patterns</c> (customer numbers, contract ids). The regex runs with a match
/// timeout: a pattern that backtracks out of control times out, and the request is refused, never sent unmasked.
/// </summary>
public sealed class CustomPatternDetector(PiiEntityType entity, Regex pattern, double score, IReadOnlyList<string> contextWords) : IPiiDetector
{
    public PiiEntityType Entity => entity;

    public IReadOnlyList<string> ContextWords => contextWords;

    public void Detect(string text, List<PiiFinding> findings)
    {
        foreach (var match in pattern.EnumerateMatches(text))
        {
            if (match.Length > 0)
            {
                findings.Add(new PiiFinding(match.Index, match.Length, entity, score));
            }
        }
    }
}
