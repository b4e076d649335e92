using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Frugal.Core.Caching.Semantic.Embedding;
using Frugal.Core.Compression;
using Frugal.Core.Text;
using Frugal.Protocol.OpenAI;

namespace Frugal.Benchmarks;

/// <summary>
/// Prompt compression (issue #17). Targets: compressing an 8,000-token retrieval prompt (lossless + selection at 4×,
/// counting tokens before and after as the stage does) ≤ 5 ms p50; lossless compaction of a 4,000-token prompt ≤ 100 µs.
/// The texts are generated (seeded) prose in 20-sentence passages with a question at the end, so the run needs no data.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessShortJob))]
public class CompressionBenchmarks
{
    private static readonly string[] Words =
    [
        "river", "harbour", "telescope", "museum", "railway", "guild", "ledger", "winter", "copper", "orchard", "printing",
        "valley", "bridge", "council", "market", "festival", "archive", "lantern", "quarry", "mill", "canal", "school", "the",
        "of", "and", "in", "was", "built", "opened", "during", "century", "after", "local", "families", "workers", "records",
    ];

    private readonly PromptCompressor _compressor = new(O200kTokenCounter.Instance, QueryAwareSelection.Default);
    private readonly CompressionSettings _settings = new() { Techniques = CompressionTechniques.Lossless | CompressionTechniques.Select, TargetRatio = 4 };
    private readonly CompressionSettings _hybridSettings = new() { Techniques = CompressionTechniques.Lossless | CompressionTechniques.Select, TargetRatio = 4, Scorer = CompressionScorer.Hybrid };
    private PromptCompressor _hybridCompressor = null!;
    private ChatCompletionRequest _request = null!;
    private string _loose = null!;

    [GlobalSetup]
    public void Setup()
    {
        // The hybrid scorer as the stage builds it: minilm loaded once (outside the measurement), 8 candidate paragraphs.
        _hybridCompressor = new PromptCompressor(O200kTokenCounter.Instance, QueryAwareSelection.Default, QueryAwareSelection.Hybrid(TransformerEmbedder.Load(TransformerModelSpec.MiniLm)));
        var random = new Random(17);
        var documents = Prose(random, 8_000);
        var prompt = documents + "\n\nQuestion: when was the copper telescope museum opened in the valley?";
        _request = new ChatCompletionRequest
        {
            Model = "gpt-4o-mini",
            Messages =
            [
                new ChatMessage { Role = "system", Content = JsonSerializer.SerializeToElement("Answer from the documents.", Frugal.Protocol.Json.ProtocolJson.Context.String) },
                new ChatMessage { Role = "user", Content = JsonSerializer.SerializeToElement(prompt, Frugal.Protocol.Json.ProtocolJson.Context.String) },
            ],
        };

        // A 4,000-token prompt with what compaction removes: double spaces, trailing blanks, runs of blank lines.
        _loose = Prose(random, 4_000).Replace(". ", ".   ", StringComparison.Ordinal).Replace("\n\n", "  \n\n\n\n", StringComparison.Ordinal);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// prompt tokens {O200kTokenCounter.Instance.CountTokens(prompt)}, loose tokens {O200kTokenCounter.Instance.CountTokens(_loose)}"));
    }

    [Benchmark(Description = "compress an 8,000-token prompt (lossless + select 4x, counted)")]
    public int CompressEightThousandTokens() => _compressor.Compress(_request, _settings).TokensAfter;

    [Benchmark(Description = "compress an 8,000-token prompt (lossless + select 4x, hybrid scorer: BM25 + minilm on 8 paragraphs)")]
    public int CompressEightThousandTokensHybrid() => _hybridCompressor.Compress(_request, _hybridSettings).TokensAfter;

    [Benchmark(Description = "lossless compaction of a 4,000-token prompt")]
    public int CompactFourThousandTokens() => LosslessCompaction.Compact(_loose).Length;

    /// <summary>
    /// A short job run in this process: on a loaded 2-core machine building the generated child project alone can
    /// take longer than BenchmarkDotNet's build timeout, and this class measures pure CPU work with no process state.
    /// </summary>
    private sealed class InProcessShortJob : ManualConfig
    {
        public InProcessShortJob()
        {
            AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10).WithToolchain(InProcessEmitToolchain.Instance));
            AddColumn(StatisticColumn.Median, StatisticColumn.P95);
        }
    }

    /// <summary>Passages of seeded sentences until about <paramref name="tokens"/> o200k tokens.</summary>
    private static string Prose(Random random, int tokens)
    {
        var text = new StringBuilder();
        var sentence = 0;
        while (O200kTokenCounter.Instance.CountTokens(text.ToString()) < tokens)
        {
            for (var s = 0; s < 50; s++, sentence++)
            {
                if (sentence > 0 && sentence % 8 == 0)
                {
                    text.Append("\n\n");
                }

                var length = random.Next(8, 20);
                for (var w = 0; w < length; w++)
                {
                    var word = Words[random.Next(Words.Length)];
                    text.Append(w == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word).Append(w == length - 1 ? ". " : " ");
                }
            }
        }

        return text.ToString().TrimEnd();
    }
}
