using System.Globalization;
using System.Text.Json;
using Frugal.Tools.Caching;

namespace Frugal.Cli.Commands;

/// <summary>
/// <c>frugal cache calibrate</c> (precision/recall of labelled pairs per threshold, and the
/// threshold that reaches a target precision) and <c>frugal cache eval</c> (replay of a labelled
/// query stream: hit rate and precision per threshold).
/// </summary>
public static class CacheCommand
{
    private static readonly double[] PrecisionTargets = [0.95, 0.99];

    public static async Task<int> RunAsync(CommandLine args)
    {
        var verb = args.Positionals.Count > 1 ? args.Positionals[1] : null;
        return verb switch
        {
            "calibrate" => await CalibrateAsync(args),
            "eval" => await EvalAsync(args),
            _ => throw new CliException("Usage: frugal cache calibrate --pairs FILE.jsonl ... | frugal cache eval --stream FILE.csv ..."),
        };
    }

    private static async Task<int> CalibrateAsync(CommandLine args)
    {
        var path = args.RequiredOption("pairs");
        var target = (double)args.Decimal("target-precision", 0.5m, 1m, 0.95m);
        var embedder = SemanticCliOptions.CreateEmbedder(args);
        args.EnsureAllRead();
        var pairs = ReadPairs(path);
        var report = await new ThresholdCalibrator(embedder).CalibrateAsync(pairs, target, CancellationToken.None);

        var same = report.Points.Count > 0 ? report.Points[0].SamePairs : 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Calibration: {report.Pairs:N0} pairs ({same:N0} same, {report.Pairs - same:N0} different), embedder {embedder.Name}; a hit = similarity ≥ threshold and the verifier accepts"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Verifier rejected {report.VerifierRejectedSame + report.VerifierRejectedDifferent:N0} pairs: {report.VerifierRejectedDifferent:N0} labelled different, {report.VerifierRejectedSame:N0} labelled same{Reasons(report.RejectionReasons)}"));
        Console.WriteLine();
        Console.WriteLine($"{"threshold",9} {"hits",7} {"right",7} {"wrong",7} {"precision",10} {"recall",8}");
        foreach (var point in report.Points)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{point.Threshold,9:F2} {point.Predicted,7} {point.TruePositives,7} {point.FalsePositives,7} {point.Precision,10:P1} {point.Recall,8:P1}"));
        }

        Console.WriteLine();
        if (report.Recommended is { } best)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Lowest threshold with precision ≥ {target:0.###} (at it and every step above): {best.Threshold:F2} — precision {best.Precision:P1}, recall {best.Recall:P1}"));
            return 0;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"No threshold reaches precision ≥ {target:0.###} with at least one hit: do not enable the semantic cache with this embedder on this data."));
        return 1;
    }

    private static async Task<int> EvalAsync(CommandLine args)
    {
        var streamPath = args.RequiredOption("stream");
        var textColumn = args.Option("text-col") ?? "text";
        var labelColumn = args.Option("label-col") ?? "category";
        var warmFile = args.Option("warm-file");
        var warmRows = args.Option("warm") is null ? (long?)null : args.Long("warm", 0, int.MaxValue);
        var learn = (args.Option("learn") ?? "on") switch
        {
            "on" or "true" or "yes" => true,
            "off" or "false" or "no" => false,
            var other => throw new CliException($"--learn must be on or off, not '{other}'."),
        };
        if (warmFile is not null && warmRows is not null)
        {
            throw new CliException("Use either --warm N or --warm-file FILE, not both.");
        }

        var embedder = SemanticCliOptions.CreateEmbedder(args);
        args.EnsureAllRead();

        var stream = ReadCsv(streamPath, textColumn, labelColumn);
        List<LabelledText> warm;
        if (warmFile is not null)
        {
            warm = ReadCsv(warmFile, textColumn, labelColumn);
        }
        else
        {
            var n = (int)Math.Min(warmRows ?? 0, stream.Count);
            warm = stream[..n];
            stream = stream[n..];
        }

        if (stream.Count == 0)
        {
            throw new CliException("No queries left to replay after the warm rows.");
        }

        var report = await new CacheStreamEvaluator(embedder, new CacheEvalOptions { Learn = learn }).EvaluateAsync(warm, stream, CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Cache replay: {report.WarmEntries:N0} warm entries, {report.Queries:N0} queries, embedder {embedder.Name}, learn {(learn ? "on (misses join the cache)" : "off")}, exact search, top-8 verified"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Embedded {report.WarmEntries + report.Queries:N0} texts in {report.EmbedTime.TotalSeconds:F2} s. Verifier rejected the nearest warm entry for {report.NearestRejected:N0} queries ({report.NearestRejectedDifferentLabel:N0} of them with a different label){LabelledReasons(report.RejectionReasons)}"));
        Console.WriteLine();
        Console.WriteLine($"{"threshold",9} {"hits",7} {"hit rate",9} {"precision",10}");
        foreach (var point in report.Points)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{point.Threshold,9:F2} {point.Hits,7} {point.HitRate,9:P1} {point.Precision,10:P1}"));
        }

        Console.WriteLine();
        foreach (var target in PrecisionTargets)
        {
            Console.WriteLine(report.BestAtPrecision(target) is { } best
                ? string.Create(CultureInfo.InvariantCulture, $"Best hit rate at precision ≥ {target:0.00}: {best.HitRate:P1} (threshold {best.Threshold:F2}, precision {best.Precision:P1}, {best.Hits:N0} hits)")
                : string.Create(CultureInfo.InvariantCulture, $"Best hit rate at precision ≥ {target:0.00}: none (no threshold with hits reaches it)"));
        }

        return 0;
    }

    private static string Reasons(IReadOnlyDictionary<string, int> reasons) =>
        reasons.Count == 0 ? "." : ": " + string.Join(", ", reasons.OrderByDescending(r => r.Value).Select(r => $"{r.Key} {r.Value:N0}")) + ".";

    private static string LabelledReasons(IReadOnlyDictionary<string, (int Rejected, int DifferentLabel)> reasons) =>
        reasons.Count == 0
            ? "."
            : ": " + string.Join(", ", reasons.OrderByDescending(r => r.Value.Rejected).Select(r => $"{r.Key} {r.Value.Rejected:N0} ({r.Value.DifferentLabel:N0} different)")) + ".";

    private static List<LabelledText> ReadCsv(string path, string textColumn, string labelColumn)
    {
        try
        {
            return LabelledCsv.Read(path, textColumn, labelColumn);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new CliException($"{path}: {ex.Message}");
        }
    }

    /// <summary>JSON Lines of {"a": "...", "b": "...", "same": true|false}; blank lines are skipped.</summary>
    private static List<LabelledPair> ReadPairs(string path)
    {
        var pairs = new List<LabelledPair>();
        try
        {
            var number = 0;
            foreach (var line in File.ReadLines(path))
            {
                number++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object
                    || !root.TryGetProperty("a", out var a) || a.ValueKind != JsonValueKind.String
                    || !root.TryGetProperty("b", out var b) || b.ValueKind != JsonValueKind.String
                    || !root.TryGetProperty("same", out var same) || same.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    throw new CliException($"{path}:{number}: expected {{\"a\": \"...\", \"b\": \"...\", \"same\": true|false}}.");
                }

                pairs.Add(new LabelledPair(a.GetString()!, b.GetString()!, same.GetBoolean()));
            }
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new CliException($"{path}: {ex.Message}");
        }

        if (pairs.Count == 0)
        {
            throw new CliException($"{path} holds no pairs.");
        }

        return pairs;
    }
}
