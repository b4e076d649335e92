using Frugal.Core.Privacy;

namespace Frugal.Tools.Privacy;

/// <summary>
/// Scores a <see cref="PiiScanner"/> against labelled texts, per entity type. A prediction is right when it overlaps a
/// gold span of the same type (each gold span matched once); a gold span nobody overlapped is missed. Only the
/// types the scanner supports are scored; gold spans of other types are listed, and predictions over them are not
/// counted against precision (a phone number inside a labelled street address would otherwise be "wrong").
/// </summary>
public static class PiiEvaluator
{
    public static PiiEvalReport Evaluate(string label, IReadOnlyList<PiiSample> samples, PiiScanner scanner, List<string>? errors = null, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(scanner);
        var supported = scanner.Entities.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var counts = supported.ToDictionary(n => n, _ => new int[5], StringComparer.Ordinal); // gold, tp, fp, fn, tp with the exact boundaries
        var unsupported = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var findings = new List<PiiFinding>();
        var overOther = 0;
        var scanned = 0;
        foreach (var sample in samples)
        {
            if (progress is not null && (++scanned & 63) == 0)
            {
                progress.Report(scanned / (double)samples.Count);
            }

            scanner.Scan(sample.Text, findings);
            var matched = new bool[sample.Spans.Count];
            foreach (var span in sample.Spans)
            {
                if (supported.Contains(span.EntityType))
                {
                    counts[span.EntityType][0]++;
                }
                else
                {
                    unsupported[span.EntityType] = unsupported.GetValueOrDefault(span.EntityType) + 1;
                }
            }

            foreach (var finding in findings)
            {
                var name = finding.Entity.Name;
                var hit = -1;
                var overlapsOther = false;
                for (var i = 0; i < sample.Spans.Count; i++)
                {
                    var gold = sample.Spans[i];
                    if (gold.Start < finding.End && finding.Start < gold.End)
                    {
                        if (gold.EntityType == name && !matched[i])
                        {
                            hit = i;
                            break;
                        }

                        overlapsOther |= !supported.Contains(gold.EntityType);
                    }
                }

                if (hit >= 0)
                {
                    matched[hit] = true;
                    counts[name][1]++;
                    var gold = sample.Spans[hit];
                    if (sample.Text.AsSpan(gold.Start, gold.End - gold.Start).Trim().SequenceEqual(sample.Text.AsSpan(finding.Start, finding.Length).Trim()))
                    {
                        counts[name][4]++;
                    }
                    else
                    {
                        errors?.Add($"PARTIAL {name} '{sample.Text.Substring(finding.Start, finding.Length)}' for '{sample.Text[gold.Start..gold.End]}'");
                    }
                }
                else if (!overlapsOther)
                {
                    counts[name][2]++;
                    errors?.Add($"FP {name} '{sample.Text.Substring(finding.Start, finding.Length)}' score {finding.Score:F2} in: {sample.Text}");
                }
                else
                {
                    overOther++;
                    errors?.Add($"OVER-UNSUPPORTED {name} '{sample.Text.Substring(finding.Start, finding.Length)}' score {finding.Score:F2} in: {sample.Text}");
                }
            }

            for (var i = 0; i < sample.Spans.Count; i++)
            {
                if (!matched[i] && supported.Contains(sample.Spans[i].EntityType))
                {
                    counts[sample.Spans[i].EntityType][3]++;
                    errors?.Add($"FN {sample.Spans[i].EntityType} '{sample.Text[sample.Spans[i].Start..sample.Spans[i].End]}' in: {sample.Text}");
                }
            }
        }

        var entities = scanner.Entities
            .Select(e => counts[e.Name])
            .Zip(scanner.Entities, (c, e) => new PiiEntityScore(e.Name, c[0], c[1], c[2], c[3]) { ExactBoundaries = c[4] })
            .Where(s => s.Gold + s.FalsePositives > 0)
            .ToList();
        var overall = new PiiEntityScore("overall", entities.Sum(s => s.Gold), entities.Sum(s => s.TruePositives), entities.Sum(s => s.FalsePositives), entities.Sum(s => s.FalseNegatives))
        {
            ExactBoundaries = entities.Sum(s => s.ExactBoundaries),
        };
        return new PiiEvalReport(label, samples.Count, entities, overall, unsupported) { OverUnsupported = overOther };
    }
}
