using System.Globalization;
using Frugal.Core.Routing.Learned;
using Frugal.Tools.Routing;

namespace Frugal.Cli.Commands;

/// <summary>
/// <c>frugal router train</c> and <c>frugal router eval</c>: fit a learned router on a CSV (or a
/// folder of CSVs) of prompts labelled with whether a weak and a strong model answered each
/// correctly, and measure it on the held-out part the way RouteLLM does (APGR, CPT(50%), CPT(80%))
/// against random and prompt-length routing. The train/test split is a hash of the prompt, so
/// <c>train</c> and <c>eval</c> agree on it without sharing any state but <c>--test-share</c>.
/// </summary>
public static class RouterCommand
{
    private const string UsageText = "Usage: frugal router train --data FILE.csv|DIR --weak-col W --strong-col S --out router.json [--prompt-col prompt] "
        + "[--target-strong-share 0.3 | --quality-floor 0.95] [--seed 1] [--test-share 0.2] [--label strong-needed|weak-correct] [--l2 1e-4,3e-4]\n"
        + "       frugal router train --from-ledger [--data-dir DIR | --config frugal.json] [--route NAME] --out router.json [same training options]\n"
        + "       frugal router eval --data FILE.csv|DIR --model router.json --weak-col W --strong-col S [--prompt-col prompt] [--test-share 0.2]";

    private static readonly int[] RandomSeeds = Enumerable.Range(1, 20).ToArray();

    public static int Run(CommandLine args)
    {
        var verb = args.Positionals.Count > 1 ? args.Positionals[1] : null;
        try
        {
            return verb switch
            {
                "train" => Train(args),
                "eval" => Eval(args),
                _ => throw new CliException(UsageText),
            };
        }
        catch (InvalidDataException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }
    }

    private static int Train(CommandLine args)
    {
        var fromLedger = args.Flag("from-ledger");
        var data = fromLedger ? null : args.RequiredOption("data");
        var (promptCol, weakCol, strongCol) = fromLedger ? ("prompt", "weak", "strong") : Columns(args);
        var ledgerDir = fromLedger ? args.Option("data-dir") ?? ConfigFiles.LoadOrExit(args.Option("config"), Console.Error).DataDir : null;
        var route = fromLedger ? args.Option("route") : null;
        var output = args.RequiredOption("out");
        var testShare = (double)args.Decimal("test-share", 0, 0.9m, 0.2m);
        var seed = (int)args.Long("seed", 0, int.MaxValue, 1);
        var floorText = args.Option("quality-floor");
        var shareText = args.Option("target-strong-share");
        if (floorText is not null && shareText is not null)
        {
            throw new CliException("Give --target-strong-share or --quality-floor, not both.");
        }

        double? floor = floorText is null ? null : (double)args.Decimal("quality-floor", 0.01m, 1, null);
        var share = (double)args.Decimal("target-strong-share", 0, 1, 0.3m);
        var label = (args.Option("label") ?? "strong-needed") switch
        {
            "strong-needed" => RouterLabel.StrongNeeded,
            "weak-correct" => RouterLabel.WeakCorrect,
            var other => throw new CliException($"--label must be strong-needed or weak-correct, not '{other}'."),
        };
        var l2 = L2Candidates(args.Option("l2"));
        args.EnsureAllRead();

        var start = TimeProvider.System.GetTimestamp();
        IReadOnlyList<RouterExample> examples;
        string source;
        if (ledgerDir is not null)
        {
            (examples, weakCol, strongCol) = LedgerLabels.Load(ledgerDir, route);
            source = $"the router_labels of {Path.Combine(ledgerDir, "ledger.db")}{(route is null ? string.Empty : $" (route {route})")}";
            data = "FILE.csv";
        }
        else
        {
            var dataset = RouterDataset.Load(data!, promptCol, weakCol, strongCol);
            examples = dataset.Examples;
            source = Invariant($"{dataset.Files.Count} file(s)");
        }

        var (train, test) = RouterDataSplit.Split(examples, testShare);
        Console.WriteLine(Invariant($"Data: {examples.Count:N0} rows from {source}; {test.Count:N0} held out for eval by prompt hash (test share {testShare:0.##}), training on {train.Count:N0}."));
        var positives = train.Count(e => RouterTrainer.Label(e, label));
        Console.WriteLine(Invariant($"Label: {LabelName(label)} — {(double)positives / Math.Max(1, train.Count):P1} of training rows positive. Weak accuracy {train.Count(e => e.WeakCorrect) / (double)Math.Max(1, train.Count):0.000}, strong {train.Count(e => e.StrongCorrect) / (double)Math.Max(1, train.Count):0.000}."));

        var options = new RouterTrainingOptions
        {
            Label = label,
            Regression = new LogisticRegressionOptions { Seed = seed },
            L2Candidates = l2 ?? new RouterTrainingOptions().L2Candidates,
            TargetStrongShare = share,
            QualityFloor = floor,
            TestShare = testShare,
            WeakModel = weakCol,
            StrongModel = strongCol,
        };
        var trainer = new RouterTrainer(options);
        RouterTrainingResult result;
        try
        {
            result = trainer.Train(train);
            Console.WriteLine(Invariant($"Cross-validation ({options.Folds} folds on the training rows), APGR by L2: {string.Join(", ", result.L2Apgr.Select(s => Invariant($"{s.L2:0.#####} → {s.Apgr:0.000}")))}; chosen L2 {result.Model.Info.L2:0.#####}."));
            Console.WriteLine(Invariant($"Threshold ({result.Threshold.Rule}): route to strong when P(weak good enough) < {result.Threshold.Threshold:0.0000} — {result.Threshold.StrongShare:P1} strong calls, accuracy {result.Threshold.Accuracy:0.000} on out-of-fold predictions."));
            var cvFits = options.Folds * options.L2Candidates.Count;
            Console.WriteLine(Invariant($"Training time: final fit on {train.Count:N0} rows {result.FinalFitTime.TotalSeconds:0.00} s; plus features {result.FeatureTime.TotalSeconds:0.00} s and {cvFits} cross-validation fits {result.CrossValidationTime.TotalSeconds:0.00} s ({Environment.ProcessorCount} cores)."));
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(output));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        result.Model.Save(output);
        Console.WriteLine(Invariant($"Saved {output} ({new FileInfo(output).Length / 1024.0 / 1024.0:0.0} MB) in {TimeProvider.System.GetElapsedTime(start).TotalSeconds:0.00} s overall. Evaluate with: frugal router eval --data {data} --model {output} --weak-col … --strong-col …"));
        return 0;
    }

    private static int Eval(CommandLine args)
    {
        var data = args.RequiredOption("data");
        var modelPath = args.RequiredOption("model");
        var (promptCol, weakCol, strongCol) = Columns(args);
        var testShareOption = args.Option("test-share") is null ? (decimal?)null : args.Decimal("test-share", 0.01m, 1, null);
        args.EnsureAllRead();

        var model = LearnedRouterModel.Load(modelPath);
        var testShare = testShareOption is { } given ? (double)given : model.Info.TestShare;
        if (testShare <= 0)
        {
            throw new CliException("The model was trained on every row (test share 0): give --test-share, and know that rows it was trained on are then evaluated too.");
        }

        if (testShareOption is not null && Math.Abs(testShare - model.Info.TestShare) > 1e-9)
        {
            Console.Error.WriteLine(Invariant($"warning: the model was trained with test share {model.Info.TestShare:0.##}; with {testShare:0.##} the test set {(testShare > model.Info.TestShare ? "includes rows it was trained on" : "is a subset of the held-out rows")}."));
        }

        var dataset = RouterDataset.Load(data, promptCol, weakCol, strongCol);
        var (_, test) = RouterDataSplit.Split(dataset.Examples, testShare);
        if (test.Count == 0)
        {
            Console.Error.WriteLine("error: the test split is empty; use more data or a larger --test-share.");
            return 1;
        }

        var scores = RouterTrainer.Score(model, test.Select(e => e.Prompt).ToArray());
        var learned = RouterTrainer.Evaluate(scores, test);
        var random = RouterEvaluator.RandomExpected(test);
        var samples = RandomSeeds.Select(seed => RouterEvaluator.RandomSample(test, seed)).ToArray();
        var length = RouterEvaluator.PromptLength(test);

        Console.WriteLine(Invariant($"Test rows: {test.Count:N0} of {dataset.Examples.Count:N0} (held out by prompt hash, test share {testShare:0.##}). Weak accuracy {learned.WeakAccuracy:0.000}, strong accuracy {learned.StrongAccuracy:0.000}."));
        if (!learned.GapDefined)
        {
            Console.Error.WriteLine("error: the strong model is not more accurate than the weak one on this test set, so APGR and CPT are undefined.");
            return 1;
        }

        Console.WriteLine();
        Console.WriteLine($"{"router",-24} {"APGR",7} {"CPT(50%)",9} {"CPT(80%)",9}");
        Row("learned", learned.Apgr, learned.Cpt50, learned.Cpt80);
        Row("random (expected)", random.Apgr, random.Cpt50, random.Cpt80);
        Row(Invariant($"random ({samples.Length} seeds, mean)"), samples.Average(s => s.Apgr), samples.Average(s => s.Cpt50), samples.Average(s => s.Cpt80));
        Row("prompt length", length.Apgr, length.Cpt50, length.Cpt80);
        var spread = StandardDeviation(samples.Select(s => s.Apgr).ToArray());
        var (low, high) = RouterEvaluator.BootstrapApgr(scores.Select(p => 1 - p).ToArray(), test);
        Console.WriteLine();
        Console.WriteLine(Invariant($"Learned APGR 95% bootstrap interval: {low:0.000}–{high:0.000}. Random routing's APGR over {samples.Length} seeds: sd {spread:0.000}, range {samples.Min(s => s.Apgr):0.000}–{samples.Max(s => s.Apgr):0.000}."));

        var strongShare = RouterThresholds.StrongShare(scores, model.Threshold);
        var routed = test.Where((e, i) => scores[i] < model.Threshold ? e.StrongCorrect : e.WeakCorrect).Count() / (double)test.Count;
        Console.WriteLine();
        Console.WriteLine(Invariant($"At the model's threshold ({model.ThresholdRule}, P < {model.Threshold:0.0000}): {strongShare:P1} strong calls (cross-validation expected {model.Info.ExpectedStrongShare:P1}), accuracy {routed:0.000}, PGR {(routed - learned.WeakAccuracy) / (learned.StrongAccuracy - learned.WeakAccuracy):0.000}."));

        Console.WriteLine();
        Console.WriteLine("Cost/quality curve: accuracy by share of calls sent to the strong model");
        Console.WriteLine($"{"strong share",12} {"learned",8} {"random",8} {"length",8}");
        for (var step = 0; step <= 10; step++)
        {
            var x = step / 10.0;
            Console.WriteLine(Invariant($"{x,12:P0} {learned.AccuracyAt(x),8:0.000} {random.AccuracyAt(x),8:0.000} {length.AccuracyAt(x),8:0.000}"));
        }

        return 0;
    }

    private static double[]? L2Candidates(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var values = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value >= 0) || value > 1)
            {
                throw new CliException($"--l2 must be a comma-separated list of numbers from 0 to 1 (e.g. 1e-4,3e-4), not '{text}'.");
            }

            values.Add(value);
        }

        return values.Count > 0 ? values.ToArray() : throw new CliException("--l2 needs at least one value.");
    }

    private static (string Prompt, string Weak, string Strong) Columns(CommandLine args) =>
        (args.Option("prompt-col") ?? "prompt", args.RequiredOption("weak-col"), args.RequiredOption("strong-col"));

    private static void Row(string name, double apgr, double cpt50, double cpt80) =>
        Console.WriteLine(Invariant($"{name,-24} {apgr,7:0.000} {cpt50,9:P1} {cpt80,9:P1}"));

    private static string LabelName(RouterLabel label) => label == RouterLabel.StrongNeeded
        ? "strong-needed (weak wrong and strong right)"
        : "weak-correct (weak right)";

    private static double StandardDeviation(double[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Length - 1));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
