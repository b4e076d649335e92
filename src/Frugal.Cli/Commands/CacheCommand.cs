using System.Globalization;
using System.Text.Json;
using Frugal.Core.Caching.Semantic.Embedding;
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

    public static async Task<int> RunAsync(ParsedArgs args)
    {
        var verb = args.Positionals.Count > 1 ? args.Positionals[1] : null;
        return verb switch
        {
            "calibrate" => await CalibrateAsync(args),
            "eval" => await EvalAsync(args),
            _ => throw new CliException("Usage: frugal cache calibrate --pairs FILE.jsonl ... | frugal cache eval --stream FILE.csv ..."),
        };
    }

    private static async Task<int> CalibrateAsync(ParsedArgs args)
    {
        var path = args.RequiredOption("pairs");
        var target = (double)args.Decimal("target-precision", 0.5m, 1m, 0.95m);
        var embedder = SemanticCliOptions.CreateEmbedder(args);
        args.EnsureAllRead();
        var pairs = ReadPairs(path);
        var report = await CliProgress.RunAsync("Embedding and scoring pairs", progress => new ThresholdCalibrator(embedder).CalibrateAsync(pairs, target, progress, CancellationToken.None));

        var same = report.Points.Count > 0 ? report.Points[0].SamePairs : 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Calibration: {report.Pairs:N0} pairs ({same:N0} same, {report.Pairs - same:N0} different), embedder {embedder.Name}; a hit = similarity ≥ threshold and the verifier accepts"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Verifier rejected {report.VerifierRejectedSame + report.VerifierRejectedDifferent:N0} pairs: {report.VerifierRejectedDifferent:N0} labelled different, {report.VerifierRejectedSame:N0} labelled same{Reasons(report.RejectionReasons)}"));
        Console.WriteLine();
        var table = new CliTable().Column("threshold", numeric: true).Column("hits", numeric: true).Column("right", numeric: true).Column("wrong", numeric: true).Column("precision", numeric: true).Column("recall", numeric: true);
        foreach (var point in report.Points)
        {
            table.Row(Invariant($"{point.Threshold:F2}"), Invariant($"{point.Predicted}"), Invariant($"{point.TruePositives}"), Invariant($"{point.FalsePositives}"), Invariant($"{point.Precision:P1}"), Invariant($"{point.Recall:P1}"));
        }

        table.Write();

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

    private static async Task<int> EvalAsync(ParsedArgs args)
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
        var devEvery = args.Option("dev-every") is null ? (int?)null : (int)args.Long("dev-every", 2, 1000);
        var target = (double)args.Decimal("target-precision", 0.5m, 1m, 0.95m);
        var writeDefault = args.Option("write-default");
        if (warmFile is not null && warmRows is not null)
        {
            throw new CliException("Use either --warm N or --warm-file FILE, not both.");
        }

        if ((devEvery is not null || writeDefault is not null) && warmFile is null)
        {
            throw new CliException("--dev-every and --write-default need --warm-file TRAIN.csv: the dev split is taken from the training rows.");
        }

        if (writeDefault is not null && devEvery is null)
        {
            throw new CliException("--write-default needs --dev-every N: a default threshold is chosen on dev rows, never on the test stream.");
        }

        var kind = args.Option("embedder") ?? "hashing";
        var embedder = SemanticCliOptions.CreateEmbedder(args);
        args.EnsureAllRead();
        if (embedder is ILocalEmbedder local)
        {
            embedder = new MemoizedEmbedder(local); // the dev run and the test run share the training rows
        }

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

        var options = new CacheEvalOptions { Learn = learn };
        CacheEvalPoint? devChoice = null;
        if (devEvery is { } every && warmFile is { } trainFile)
        {
            var (devWarm, devQueries) = DevSplit.Take(warm, every);
            var dev = await CliProgress.RunAsync("Replaying the dev rows", progress => new CacheStreamEvaluator(embedder, options) { Progress = progress }.EvaluateAsync(devWarm, devQueries, CancellationToken.None));
            devChoice = dev.BestAtPrecision(target);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Dev split of {trainFile}: every {every}th row is a query ({dev.Queries:N0}), the rest warm ({dev.WarmEntries:N0}); embedder {embedder.Name}, learn {(learn ? "on" : "off")}"));
            Console.WriteLine(devChoice is { } chosen
                ? string.Create(CultureInfo.InvariantCulture, $"Dev choice for precision ≥ {target:0.00}: threshold {chosen.Threshold:F2} — hit rate {chosen.HitRate:P1}, precision {chosen.Precision:P1} ({chosen.Hits:N0} hits)")
                : string.Create(CultureInfo.InvariantCulture, $"Dev choice for precision ≥ {target:0.00}: none (no threshold with hits reaches it)"));
            if (writeDefault is not null && devChoice is not null)
            {
                var command = string.Create(CultureInfo.InvariantCulture,
                    $"frugal cache eval --stream {streamPath} --warm-file {trainFile} --dev-every {every} --target-precision {target:0.00} --embedder {kind} --write-default {writeDefault}");
                DefaultThresholdFile.Upsert(writeDefault, new CalibratedThreshold(
                    kind, embedder.Name, devChoice.Threshold, target, devChoice.Precision, devChoice.HitRate, trainFile,
                    DevSplit.Describe(Path.GetFileName(trainFile), every, dev.WarmEntries, dev.Queries), command,
                    DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                Console.WriteLine($"Wrote the {kind} default to {writeDefault}.");
            }

            Console.WriteLine();
        }

        var report = await CliProgress.RunAsync("Replaying the stream", progress => new CacheStreamEvaluator(embedder, options) { Progress = progress }.EvaluateAsync(warm, stream, CancellationToken.None));
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
        foreach (var precision in PrecisionTargets)
        {
            Console.WriteLine(report.BestAtPrecision(precision) is { } best
                ? string.Create(CultureInfo.InvariantCulture, $"Best hit rate at precision ≥ {precision:0.00}: {best.HitRate:P1} (threshold {best.Threshold:F2}, precision {best.Precision:P1}, {best.Hits:N0} hits)")
                : string.Create(CultureInfo.InvariantCulture, $"Best hit rate at precision ≥ {precision:0.00}: none (no threshold with hits reaches it)"));
        }

        if (devChoice is not null)
        {
            PrintAt(report, devChoice.Threshold, "the threshold chosen on the dev split");
        }

        if (CalibratedThresholds.For(kind) is { } shipped && shipped.Vectors == embedder.Name)
        {
            PrintAt(report, shipped.Threshold, $"the shipped {kind} default (chosen on {shipped.DataSet}, {shipped.Date})");
        }

        return 0;
    }

    private static void PrintAt(CacheEvalReport report, float threshold, string what)
    {
        foreach (var point in report.Points)
        {
            if (Math.Abs(point.Threshold - threshold) < 0.001f)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"At {what}, {threshold:F2}: hit rate {point.HitRate:P1}, precision {point.Precision:P1} ({point.Hits:N0} hits)"));
                return;
            }
        }
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

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
