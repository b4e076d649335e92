using System.Globalization;
using Frugal.Tools.Compression;

namespace Frugal.Cli.Commands;

/// <summary>
/// <c>frugal compress eval</c>: NQ-open questions in long contexts of hard distractors, compressed at several target
/// ratios with each technique; prints ratio vs answer retention, truncation being the baseline.
/// </summary>
public static class CompressCommand
{
    public static int Run(ParsedArgs args)
    {
        var verb = args.Positionals.Count > 1 ? args.Positionals[1] : null;
        return verb switch
        {
            "eval" => Eval(args),
            _ => throw new CliException("Usage: frugal compress eval --data nq-open-oracle-dev.jsonl.gz [--ratios 2,4,10] [--distractors 19] [--split report|dev] [--limit N] [--scorer bm25|hybrid] [--cosine-weight W,W…] [--candidates K]"),
        };
    }

    private static int Eval(ParsedArgs args)
    {
        var path = args.RequiredOption("data");
        var ratios = ParseRatios(args.Option("ratios") ?? "2,4,10", "--ratios", 1);
        var distractors = (int)args.Long("distractors", 1, 200, 19);
        var split = args.Option("split") ?? "report";
        if (split is not ("report" or "dev"))
        {
            throw new CliException($"--split must be report or dev, not '{split}'.");
        }

        var limit = (int)args.Long("limit", 0, int.MaxValue, 0);
        var options = new CompressionEvalOptions
        {
            Ratios = ratios,
            Distractors = distractors,
            OnDev = split == "dev",
            Limit = limit,
            PassageWeight = OptionalDouble(args, "passage-weight"),
            K1 = OptionalDouble(args, "k1"),
            B = OptionalDouble(args, "b"),
            Hybrid = (args.Option("scorer") ?? "bm25") switch { "bm25" => false, "hybrid" => true, var other => throw new CliException($"--scorer must be bm25 or hybrid, not '{other}'.") },
            CosineWeights = args.Option("cosine-weight") is { } weights ? ParseRatios(weights, "--cosine-weight", 0) : null,
            Candidates = args.Option("candidates") is null ? null : (int)args.Long("candidates", 2, 1000, 8),
        };
        args.EnsureAllRead();
        if (!File.Exists(path))
        {
            throw new CliException($"No such file: {path}");
        }

        var examples = NqOpenDataset.Load(path);
        var all = HardDistractors.Build(examples, options.Distractors, options.DevShare);
        var chosen = all.FindAll(c => c.IsDev == options.OnDev);
        if (options.Limit > 0 && chosen.Count > options.Limit)
        {
            chosen = chosen.GetRange(0, options.Limit);
        }

        var evaluator = new CompressionEvaluator(options);
        var points = CliProgress.Run("Compressing contexts", progress => evaluator.Run(chosen, progress));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"NQ-open: {examples.Count:N0} questions, {all.Count:N0} with the answer in the gold passage; {chosen.Count:N0} contexts on the {split} split ({(options.OnDev ? "used to pick parameters" : "never used to pick parameters")})."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Each context: the gold passage among {options.Distractors} hard distractors (top BM25 passages of other questions without an accepted answer); selection: {evaluator.Parameters}."));
        Console.WriteLine();
        var table = new CliTable().Column("technique").Column("target", numeric: true).Column("reached", numeric: true).Column("answer kept", numeric: true).Column("p50 time", numeric: true);
        foreach (var point in points)
        {
            table.Row(
                point.Technique,
                point.Technique == "lossless" ? "-" : point.TargetRatio.ToString("0.#", CultureInfo.InvariantCulture) + "x",
                point.AchievedRatio.ToString("0.00", CultureInfo.InvariantCulture) + "x",
                point.Retention.ToString("P1", CultureInfo.InvariantCulture),
                Time(point.MedianMicroseconds));
        }

        table.Write();

        return 0;
    }

    private static string Time(double microseconds) => microseconds >= 1000
        ? string.Create(CultureInfo.InvariantCulture, $"{microseconds / 1000:0.00} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{microseconds:0} µs");

    private static double? OptionalDouble(ParsedArgs args, string name)
        => args.Option(name) is { } text
            ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value : throw new CliException($"--{name} must be a number ≥ 0, not '{text}'.")
            : null;

    private static List<double> ParseRatios(string text, string option, double minimum)
    {
        var ratios = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) || ratio < minimum || ratio > 1000)
            {
                throw new CliException($"{option} takes numbers from {minimum} to 1000 separated by commas, not '{part}'.");
            }

            ratios.Add(ratio);
        }

        return ratios.Count > 0 ? ratios : throw new CliException($"{option} needs at least one number.");
    }
}
