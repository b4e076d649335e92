using System.Text.RegularExpressions;
using Frugal.Core.Privacy.Detectors;

namespace Frugal.Core.Privacy;

/// <summary>
/// Runs every detector over a text and decides Presidio's way: the detector's score (pattern base → checksum), plus
/// <see cref="ContextBoost"/> when one of its context words is near the candidate, kept when at or above the
/// threshold; overlapping findings keep the higher score (then the longer span). Thread-safe; one per config.
/// </summary>
public sealed class PiiScanner
{
    /// <summary>Added to a candidate's score when one of its detector's context words is within the window around it.</summary>
    public const double ContextBoost = 0.35;

    private const int ContextBefore = 48;
    private const int ContextAfter = 24;

    private readonly IPiiDetector[] _detectors;
    private readonly double _threshold;

    public PiiScanner(IEnumerable<IPiiDetector> detectors, double threshold)
    {
        _detectors = [.. detectors];
        _threshold = threshold;
        Entities = [.. _detectors.Select(d => d.Entity).Distinct()];
    }

    /// <summary>The entity types this scanner can find (built-in first, then the config's own).</summary>
    public IReadOnlyList<PiiEntityType> Entities { get; }

    /// <summary>The built-in detectors plus the config's patterns and deny-lists.</summary>
    public static PiiScanner Create(PrivacyConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        List<IPiiDetector> detectors = [.. BuiltInDetectors()];
        foreach (var pattern in config.Patterns)
        {
            var regex = new Regex(pattern.Pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            detectors.Add(new CustomPatternDetector(new PiiEntityType(pattern.Name, pattern.Name), regex, pattern.Score, [.. pattern.Context.Select(w => w.ToLowerInvariant())]));
        }

        foreach (var list in config.DenyLists)
        {
            detectors.Add(new DenyListDetector(new PiiEntityType(list.Name, list.Name), [.. list.Values.Where(v => v.Length > 0)]));
        }

        return new PiiScanner(detectors, config.Threshold);
    }

    public static IReadOnlyList<IPiiDetector> BuiltInDetectors() =>
    [
        new EmailDetector(), new PhoneDetector(), new CreditCardDetector(), new IbanDetector(), new UsSsnDetector(),
        new IpAddressDetector(), new CnResidentIdDetector(), new CnUsccDetector(), new SecretDetector(),
    ];

    /// <summary>Findings in <paramref name="text"/> at or above the threshold, without overlaps, in text order.</summary>
    public List<PiiFinding> Scan(string text)
    {
        var candidates = new List<PiiFinding>();
        Scan(text, candidates);
        return candidates;
    }

    /// <summary>Appends the findings of <paramref name="text"/> to <paramref name="results"/> (cleared first).</summary>
    public void Scan(string text, List<PiiFinding> results)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(results);
        results.Clear();
        if (text.Length < 6)
        {
            return; // nothing any detector reports is shorter
        }

        for (var d = 0; d < _detectors.Length; d++)
        {
            var detector = _detectors[d];
            var from = results.Count;
            detector.Detect(text, results);
            for (var i = from; i < results.Count; i++)
            {
                var finding = results[i];
                var score = finding.Score;
                if (score < 1 && score + ContextBoost >= _threshold && HasContext(text, finding, detector.ContextWords))
                {
                    score = Math.Min(1, score + ContextBoost);
                }

                results[i] = finding with { Score = score };
            }
        }

        results.RemoveAll(f => f.Score < _threshold);
        if (results.Count > 1)
        {
            RemoveOverlaps(results);
        }
    }

    private static bool HasContext(string text, PiiFinding finding, IReadOnlyList<string> words)
    {
        if (words.Count == 0)
        {
            return false;
        }

        var from = Math.Max(0, finding.Start - ContextBefore);
        var before = text.AsSpan(from, finding.Start - from);
        var after = text.AsSpan(finding.End, Math.Min(ContextAfter, text.Length - finding.End));
        for (var i = 0; i < words.Count; i++)
        {
            if (before.Contains(words[i], StringComparison.OrdinalIgnoreCase) || after.Contains(words[i], StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Keeps the best of overlapping findings: higher score, then longer, then earlier; the rest in text order.</summary>
    private static void RemoveOverlaps(List<PiiFinding> findings)
    {
        findings.Sort(static (a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : b.Length != a.Length ? b.Length.CompareTo(a.Length) : a.Start.CompareTo(b.Start));
        var kept = 0;
        for (var i = 0; i < findings.Count; i++)
        {
            var candidate = findings[i];
            var overlaps = false;
            for (var k = 0; k < kept; k++)
            {
                if (candidate.Start < findings[k].End && findings[k].Start < candidate.End)
                {
                    overlaps = true;
                    break;
                }
            }

            if (!overlaps)
            {
                findings[kept++] = candidate;
            }
        }

        findings.RemoveRange(kept, findings.Count - kept);
        findings.Sort(static (a, b) => a.Start.CompareTo(b.Start));
    }
}
