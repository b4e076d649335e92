using Frugal.Cli.Commands;

namespace Frugal.Cli;

/// <summary>Dispatches <c>frugal &lt;command&gt;</c> to its command class.</summary>
public static class Cli
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "help", "store-bodies", "from-ledger", "exit" };

    public const string Usage = """
        frugal — an OpenAI-compatible LLM gateway that cuts what you pay for LLM calls

        Usage:
          frugal serve [--config PATH] [--urls http://127.0.0.1:8080]
          frugal config validate [--config PATH]
          frugal keys create --name NAME [--team TEAM] [--tag TAG ...] [--store-bodies] [--config PATH]
          frugal keys list [--config PATH]
          frugal keys revoke <id|name> [--config PATH]
          frugal budgets set --scope key|team|tag|global [--subject S] --window daily|monthly|rolling:Nd --usd N
                     [--id ID] [--threshold 0.5:alert --threshold 0.9:downgrade ...] [--config PATH]
          frugal budgets list | budgets reset <id> [--config PATH]
          frugal report alerts [--since 30d]
          frugal report [--since 7d] [--by model|provider|key|team|tag|day|hour|endpoint|prefix|pii] [--format table|csv|json]
          frugal estimate --model M --requests-per-day N --input-tokens I --output-tokens O
                          [--compare m1,m2] [--cached-share 0.3] [--batch-share 0.2]
          frugal estimate --from-ledger [--since 30d] --what-if-model M
          frugal roi (--api-model M | --api-input-price P --api-output-price P [--api-cached-input-price P])
                     --requests-per-day N --input-tokens I --output-tokens O [--cached-share 0.3]
                     --gpu-hourly USD --tokens-per-second T [--gpus 1] [--utilization 0.6]
                     [--engineering-hours 0] [--engineering-rate 100] [--ops-hours-per-month 8]
                     [--months 12] [--format table|json]
          frugal roi hardware --params 70B [--quant Q4_K_M] [--context 4096] [--batch 1]
                     [--kv-cache fp16|q8_0|q4_0] [--layers L --kv-heads H --head-dim D] [--format table|json]
          frugal demo [--data-dir DIR] [--urls URL] [--exit]   (serves the dashboard until Ctrl+C unless --exit)
          frugal router train --data FILE.csv|DIR --weak-col W --strong-col S --out router.json [--prompt-col prompt]
                     [--target-strong-share 0.3 | --quality-floor 0.95] [--seed 1] [--test-share 0.2]
                     [--label strong-needed|weak-correct] [--l2 1e-4,3e-4]
                     [--features lexical|embedding|combined --embedder minilm] [--embedding-cache FILE|none]
                     [--group-by mmlu] [--no-length-fallback]
          frugal router eval --data FILE.csv|DIR --model router.json --weak-col W --strong-col S
                     [--prompt-col prompt] [--test-share 0.2] [--embedding-cache FILE|none]
          frugal router eval-groups --data DIR --weak-col W --strong-col S [--embedder minilm]
                     [--embedding-cache FILE|none] [--target-strong-share 0.3] [--label …] [--l2 …] [--seed 1] [--sample 1]
          frugal cache calibrate --pairs FILE.jsonl [--target-precision 0.95] [--embedder hashing|glove|hybrid|minilm|arctic-xs|http] [--data-dir DIR]
          frugal cache eval --stream FILE.csv [--text-col text] [--label-col category] [--warm N | --warm-file TRAIN.csv]
                            [--learn on|off] [--embedder hashing|glove|hybrid|minilm|arctic-xs|http] [--data-dir DIR]
                            [--dev-every N [--target-precision 0.95] [--write-default calibrated-thresholds.json]]
                            (http embedder: --base-url URL/v1 --model M [--api-key-env VAR])
          frugal models pull glove [--data-dir DIR] [--tarball FILE]
          frugal compress eval --data nq-open-oracle-dev.jsonl.gz [--ratios 2,4,10] [--distractors 19] [--split report|dev]
                     [--limit N] [--passage-weight W] [--k1 K] [--b B]
          frugal pii eval [--data synth_dataset_v2.json] [--generated-cn 1000 [--seed 18]] [--threshold 0.5]

        Config: frugal.json in the working directory, or --config PATH; embedded defaults otherwise.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            var line = CommandLine.Parse(args, Flags);
            var command = line.Positionals.Count > 0 ? line.Positionals[0] : "help";
            return command switch
            {
                "serve" => await ServeCommand.RunAsync(line),
                "config" => ConfigCommand.Run(line),
                "keys" => await KeysCommand.RunAsync(line),
                "report" when line.Positionals.Count > 1 && line.Positionals[1] == "alerts" => await BudgetsCommand.ReportAlertsAsync(line),
                "report" => await ReportCommand.RunAsync(line),
                "budgets" => await BudgetsCommand.RunAsync(line),
                "estimate" => await EstimateCommand.RunAsync(line),
                "roi" => RoiCommand.Run(line),
                "demo" => await DemoCommand.RunAsync(line),
                "router" => RouterCommand.Run(line),
                "cache" => await CacheCommand.RunAsync(line),
                "compress" => CompressCommand.Run(line),
                "models" => await ModelsCommand.RunAsync(line),
                "pii" => PiiCommand.Run(line),
                "help" or "--help" => PrintUsage(),
                _ => throw new CliException($"Unknown command '{command}'."),
            };
        }
        catch (CliException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            Console.Error.WriteLine(Usage);
            return 2;
        }
        catch (ConfigRejectedException)
        {
            return 1;
        }
        catch (Frugal.Server.GatewayStartupException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}"); // busy port, unwritable data directory, bad certificate: one line, no stack trace
            return 1;
        }
    }

    private static int PrintUsage()
    {
        Console.WriteLine(Usage);
        return 0;
    }
}
