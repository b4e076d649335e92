using Frugal.Core.Privacy;
using Frugal.Tools.Privacy;

namespace Frugal.Cli.Commands;

/// <summary>
/// <c>frugal pii eval</c>: precision, recall, F1 and F2 per entity type of the built-in detectors, on Presidio's
/// synthetic set (<c>--data</c>: held-out half, all, and the tuning half, each labelled) and/or on a generated Chinese
/// set (<c>--generated-cn N</c>, <c>--seed</c>).
/// </summary>
public static class PiiCommand
{
    public static int Run(ParsedArgs args)
    {
        var verb = args.Positionals.Count > 1 ? args.Positionals[1] : null;
        if (verb != "eval")
        {
            throw new CliException("Usage: frugal pii eval [--data synth_dataset_v2.json] [--generated-cn 1000 [--seed 18]] [--threshold 0.5] [--errors N]");
        }

        var data = args.Option("data");
        var generated = args.Option("generated-cn") is null ? (long?)null : args.Long("generated-cn", 10, 1_000_000);
        var seed = (int)(args.Option("seed") is null ? 18 : args.Long("seed", 0, int.MaxValue));
        var threshold = (double)args.Decimal("threshold", 0m, 1m, 0.5m);
        var showErrors = args.Option("errors") is null ? 0 : (int)args.Long("errors", 0, 100_000);
        args.EnsureAllRead();
        if (data is null && generated is null)
        {
            throw new CliException("Give --data FILE (Presidio's synthetic set) and/or --generated-cn N.");
        }

        var scanner = PiiScanner.Create(new PrivacyConfig { Threshold = threshold });
        if (data is not null)
        {
            if (!File.Exists(data))
            {
                throw new CliException($"No such file: {data}");
            }

            var samples = PresidioDataset.Load(data);
            var held = samples.Where(s => !PresidioDataset.IsDev(s)).ToList();
            var dev = samples.Where(PresidioDataset.IsDev).ToList();
            Console.WriteLine(Evaluate("Presidio synth — held-out half (odd template ids; not tuned on)", held, scanner));
            Console.WriteLine(Evaluate("Presidio synth — all", samples, scanner));
            var errors = new List<string>();
            Console.WriteLine(Evaluate("Presidio synth — tuning half (even template ids; detectors were adjusted on these)", dev, scanner, errors));
            PrintErrors(errors, showErrors);
        }

        if (generated is { } count)
        {
            var samples = ChineseTestSet.Generate((int)count, seed);
            var errors = new List<string>();
            Console.WriteLine(Evaluate($"Generated Chinese set (seed {seed}; half positives, half one-character-corrupted negatives)", samples, scanner, errors));
            PrintErrors(errors, showErrors);
        }

        return 0;
    }

    /// <summary>One evaluation, with a progress bar on a terminal.</summary>
    private static string Evaluate(string label, IReadOnlyList<PiiSample> samples, PiiScanner scanner, List<string>? errors = null) =>
        CliProgress.Run("Scanning " + label, progress => PiiEvaluator.Evaluate(label, samples, scanner, errors, progress)).Format();

    /// <summary>The first mistakes, for tuning: only ever printed for the tuning half or a generated set.</summary>
    private static void PrintErrors(List<string> errors, int limit)
    {
        foreach (var error in errors.Take(limit))
        {
            Console.WriteLine("  " + error.ReplaceLineEndings(" "));
        }
    }
}
