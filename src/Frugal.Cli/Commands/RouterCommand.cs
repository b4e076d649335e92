using System.Globalization;
using Frugal.Core.Caching.Semantic.Embedding;
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
        + "                         [--features lexical|embedding|combined --embedder minilm [--embedding-cache FILE|none]] [--group-by mmlu] [--no-length-fallback]\n"
        + "       frugal router eval --data FILE.csv|DIR --model router.json --weak-col W --strong-col S [--prompt-col prompt] [--test-share 0.2] [--embedding-cache FILE|none]\n"
        + "       frugal router eval-groups --data DIR --weak-col W --strong-col S [--prompt-col prompt] [--embedder minilm [--embedding-cache FILE|none]] [--target-strong-share 0.3] [--seed 1] [--label strong-needed|weak-correct] [--l2 1e-4] [--sample 1]";

    private static readonly int[] RandomSeeds = Enumerable.Range(1, 20).ToArray();

    public static int Run(ParsedArgs args)
    {
        var verb = args.Positionals.Count > 1 ? args.Positionals[1] : null;
        try
        {
            return verb switch
            {
                "train" => Train(args),
                "eval" => Eval(args),
                "eval-groups" => EvalGroups(args),
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

    private static int Train(ParsedArgs args)
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
        var label = Label(args);
        var l2 = L2Candidates(args.Option("l2"));
        var featureSet = args.Option("features") ?? (args.Option("embedder") is null ? "lexical" : "combined");
        var embedder = featureSet == "lexical" ? null : LocalEmbedder(args.Option("embedder") ?? throw new CliException($"--features {featureSet} needs --embedder (e.g. minilm)."));
        var cacheFile = EmbeddingCacheFile(args, embedder);
        var groupBy = args.Option("group-by");
        if (groupBy is not null and not "mmlu")
        {
            throw new CliException($"--group-by knows only 'mmlu' (the four MMLU categories of each subject file), not '{groupBy}'.");
        }

        var fallback = !args.Flag("no-length-fallback");
        var features = Features(featureSet, embedder);
        args.EnsureAllRead();

        var start = TimeProvider.System.GetTimestamp();
        IReadOnlyList<RouterExample> examples;
        string source;
        string[]? rowGroups = null;
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
            rowGroups = groupBy is null ? null : MmluGroups(dataset);
        }

        if (groupBy is not null && rowGroups is null)
        {
            throw new CliException("--group-by mmlu needs --data with the MMLU subject files.");
        }

        var (train, test) = RouterDataSplit.Split(examples, testShare);
        var trainGroups = rowGroups is null ? null : examples.Select((e, i) => (e, i)).Where(x => !RouterDataSplit.IsTest(x.e.Prompt, testShare)).Select(x => rowGroups[x.i]).ToArray();
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
            Features = features,
            LengthFallback = fallback,
        };
        RouterTrainingResult result;
        try
        {
            var embeddings = EmbedAll(embedder, train.Select(e => e.Prompt).ToArray(), cacheFile);
            result = CliProgress.Run("Training the router", progress => new RouterTrainer(options) { Progress = progress }.Train(train, embeddings, trainGroups));
            var foldText = trainGroups is null ? Invariant($"{options.Folds} folds") : Invariant($"{trainGroups.Distinct().Count()} held-out MMLU groups as folds");
            Console.WriteLine(Invariant($"Cross-validation ({foldText} on the training rows), APGR by L2: {string.Join(", ", result.L2Apgr.Select(s => Invariant($"{s.L2:0.#####} → {s.Apgr:0.000}")))}; chosen L2 {result.Model.Info.L2:0.#####}."));
            Console.WriteLine(Invariant($"Threshold ({result.Threshold.Rule}): route to strong when P(weak good enough) < {result.Threshold.Threshold:0.0000} — {result.Threshold.StrongShare:P1} strong calls, accuracy {result.Threshold.Accuracy:0.000} on out-of-fold predictions."));
            Console.WriteLine(Invariant($"Rule: {(result.Model.Rule == RouterRule.Learned ? "learned" : "prompt length (the learned weights did not beat it on held-out data)")} — {result.Model.RuleEvidence}."));
            var cvFits = (trainGroups is null ? options.Folds : trainGroups.Distinct().Count()) * options.L2Candidates.Count;
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

    private static int Eval(ParsedArgs args)
    {
        var data = args.RequiredOption("data");
        var modelPath = args.RequiredOption("model");
        var (promptCol, weakCol, strongCol) = Columns(args);
        var testShareOption = args.Option("test-share") is null ? (decimal?)null : args.Decimal("test-share", 0.01m, 1, null);
        var cacheOption = args.Option("embedding-cache");
        args.EnsureAllRead();

        var model = LearnedRouterModel.Load(modelPath);
        var embedder = model.NeedsEmbedding ? LocalEmbedder(model.Features.Embedder!) : null;
        var cacheFile = EmbeddingCacheFile(cacheOption, embedder);

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

        var prompts = test.Select(e => e.Prompt).ToArray();
        var scores = RouterTrainer.Score(model, prompts, EmbedAll(embedder, prompts, cacheFile));
        var learned = RouterTrainer.Evaluate(scores, test);
        if (model.Rule == RouterRule.PromptLength)
        {
            Console.WriteLine(Invariant($"Rule: prompt length (chosen at training: {model.RuleEvidence}); the 'learned' row below is that rule."));
        }

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

    private static int EvalGroups(ParsedArgs args)
    {
        var data = args.RequiredOption("data");
        var (promptCol, weakCol, strongCol) = Columns(args);
        var share = (double)args.Decimal("target-strong-share", 0.01m, 0.99m, 0.3m);
        var seed = (int)args.Long("seed", 0, int.MaxValue, 1);
        var label = Label(args);
        var l2 = L2Candidates(args.Option("l2"));
        var sample = (double)args.Decimal("sample", 0.01m, 1, 1);
        var embedder = args.Option("embedder") is { } name ? LocalEmbedder(name) : null;
        var cacheFile = EmbeddingCacheFile(args, embedder);
        args.EnsureAllRead();

        var dataset = RouterDataset.Load(data, promptCol, weakCol, strongCol);
        var allGroups = MmluGroups(dataset) ?? throw new CliException("eval-groups needs the MMLU subject files (mmlu_<subject>.csv): every file's subject must be one of the 57.");

        // --sample keeps a share of the rows chosen by a hash of the prompt (the same rows on every machine), for slow embedders.
        var kept = Enumerable.Range(0, dataset.Examples.Count).Where(i => sample >= 1 || RouterDataSplit.Position(dataset.Examples[i].Prompt, "sample") < sample).ToArray();
        var examples = kept.Select(i => dataset.Examples[i]).ToArray();
        var groups = kept.Select(i => allGroups[i]).ToArray();
        var embeddings = EmbedAll(embedder, examples.Select(e => e.Prompt).ToArray(), cacheFile);
        var options = new RouterTrainingOptions
        {
            Label = label,
            Regression = new LogisticRegressionOptions { Seed = seed },
            L2Candidates = l2 ?? new RouterTrainingOptions().L2Candidates,
            TargetStrongShare = share,
            WeakModel = weakCol,
            StrongModel = strongCol,
        };
        var variants = GroupedRouterEvaluation.Variants(embedder is null ? null : EmbedderKind(embedder), embedder?.Dimensions ?? 0);
        var started = TimeProvider.System.GetTimestamp();
        IReadOnlyList<HeldOutGroupResult> results;
        try
        {
            results = CliProgress.Run("Training and testing per held-out group", progress => GroupedRouterEvaluation.Run(examples, groups, embeddings, variants, options, progress));
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }

        Console.WriteLine(Invariant($"Data: {examples.Length:N0} rows{(sample < 1 ? $" (a {sample:P0} sample by prompt hash of {dataset.Examples.Count:N0})" : string.Empty)} from {dataset.Files.Count} subject files; groups by the MMLU categories (hendrycks/test categories.py). Each group is held out in turn: routers train on the other three and are tested on it. Variants: {string.Join(", ", variants.Select(v => v.Name))}; target strong share {share:0.##}."));
        foreach (var group in results)
        {
            var first = group.Routers[0].Evaluation;
            Console.WriteLine();
            Console.WriteLine(Invariant($"Held out: {group.Group} — {group.TestRows:N0} test rows, trained on {group.TrainRows:N0}. Weak accuracy {first.WeakAccuracy:0.000}, strong {first.StrongAccuracy:0.000}."));
            Console.WriteLine($"{"router",-22} {"APGR",6} {"CPT(50%)",9} {"CPT(80%)",9}  {"rule at train",-14} {"share@threshold",15} {"share@controller",16}");
            foreach (var router in group.Routers)
            {
                var e = router.Evaluation;
                var rule = router.TrainedRule switch { RouterRule.Learned => "learned", RouterRule.PromptLength => "prompt length", _ => string.Empty };
                Console.WriteLine(Invariant($"{router.Name,-22} {e.Apgr,6:0.000} {e.Cpt50,9:P1} {e.Cpt80,9:P1}  {rule,-14} {Percent(router.FixedThresholdShare),15} {Percent(router.ControlledShare),16}"));
            }
        }

        Console.WriteLine();
        Console.WriteLine("APGR by held-out group (README table):");
        var names = results[0].Routers.Select(r => r.Name).ToArray();
        Console.WriteLine($"| held-out group | rows | {string.Join(" | ", names)} |");
        Console.WriteLine($"|---|---:|{string.Concat(names.Select(_ => "---:|"))}");
        foreach (var group in results)
        {
            Console.WriteLine(Invariant($"| {group.Group} | {group.TestRows:N0} | {string.Join(" | ", group.Routers.Select(r => Invariant($"{r.Evaluation.Apgr:0.000}")))} |"));
        }

        Console.WriteLine();
        Console.WriteLine(Invariant($"Done in {TimeProvider.System.GetElapsedTime(started).TotalSeconds:0.0} s of training and scoring ({Environment.ProcessorCount} cores)."));
        return 0;
    }

    private static RouterLabel Label(ParsedArgs args) => (args.Option("label") ?? "strong-needed") switch
    {
        "strong-needed" => RouterLabel.StrongNeeded,
        "weak-correct" => RouterLabel.WeakCorrect,
        var other => throw new CliException($"--label must be strong-needed or weak-correct, not '{other}'."),
    };

    private static string Percent(double share) => double.IsNaN(share) ? string.Empty : Invariant($"{share:P1}");

    /// <summary>The MMLU category of every row, by its file's subject; null when a file is not an MMLU subject.</summary>
    private static string[]? MmluGroups(RouterDataset dataset)
    {
        var groups = new string[dataset.Examples.Count];
        for (var i = 0; i < groups.Length; i++)
        {
            if (MmluSubjectGroups.GroupOf(dataset.FileOf(i)) is not { } group)
            {
                return null;
            }

            groups[i] = group;
        }

        return groups;
    }

    private static RouterFeatureOptions Features(string featureSet, ILocalEmbedder? embedder) => featureSet switch
    {
        "lexical" => new RouterFeatureOptions(),
        "embedding" => new RouterFeatureOptions { Lexical = false, HashBits = 8, Embedder = EmbedderKind(embedder!), EmbeddingDimensions = embedder!.Dimensions },
        "combined" => new RouterFeatureOptions { Embedder = EmbedderKind(embedder!), EmbeddingDimensions = embedder!.Dimensions },
        _ => throw new CliException($"--features must be lexical, embedding or combined, not '{featureSet}'."),
    };

    // The model file stores the factory kind (what serve builds it from), not the embedder's versioned Name.
    private static string EmbedderKind(ILocalEmbedder embedder) => EmbedderKinds.TryGetValue(embedder, out var kind) ? kind : embedder.Name;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ILocalEmbedder, string> EmbedderKinds = [];

    private static ILocalEmbedder LocalEmbedder(string kind)
    {
        if (kind == "http")
        {
            throw new CliException("The router needs a local embedder (the gateway embeds each routed prompt in process); http is not one.");
        }

        try
        {
            var embedder = EmbedderFactory.Create(new EmbedderOptions { Kind = kind }, http: null) as ILocalEmbedder
                ?? throw new CliException($"'{kind}' is not a local embedder.");
            EmbedderKinds.AddOrUpdate(embedder, kind);
            return embedder;
        }
        catch (Exception ex) when (ex is FileNotFoundException or ArgumentException or InvalidDataException)
        {
            throw new CliException(ex.Message);
        }
    }

    /// <summary>--embedding-cache FILE (or none); by default ./frugal-data/router-embeddings/&lt;kind&gt;.bin.</summary>
    private static string? EmbeddingCacheFile(ParsedArgs args, ILocalEmbedder? embedder) => EmbeddingCacheFile(args.Option("embedding-cache"), embedder);

    private static string? EmbeddingCacheFile(string? option, ILocalEmbedder? embedder)
    {
        return embedder is null || option == "none" ? null : option ?? Path.Combine("frugal-data", "router-embeddings", $"{EmbedderKind(embedder)}.bin");
    }

    private static float[][]? EmbedAll(ILocalEmbedder? embedder, IReadOnlyList<string> prompts, string? cacheFile)
    {
        if (embedder is null)
        {
            return null;
        }

        var (vectors, stats) = CliProgress.Run($"Embedding {prompts.Count:N0} prompts", progress =>
        {
            var embedded = PromptEmbeddings.Embed(embedder, prompts, cacheFile, Environment.ProcessorCount, out var counts, progress: progress);
            return (embedded, counts);
        });
        Console.WriteLine(Invariant($"Embeddings ({embedder.Name}, {embedder.Dimensions} dimensions): {stats.Cached:N0} from {cacheFile ?? "(no cache)"}, {stats.Computed:N0} computed in {stats.EmbedTime.TotalSeconds:0.0} s."));
        return vectors;
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

    private static (string Prompt, string Weak, string Strong) Columns(ParsedArgs args) =>
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
