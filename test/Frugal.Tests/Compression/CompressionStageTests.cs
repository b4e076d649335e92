using System.Diagnostics.Metrics;
using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Compression;
using Frugal.Core.Pipeline;
using Frugal.Core.Text;
using Frugal.Protocol.OpenAI;
using Frugal.Tests.Infrastructure;
using Frugal.Tests.Pipeline;
using Microsoft.Extensions.Logging;

namespace Frugal.Tests.Compression;

/// <summary>The stage alone (StageHarness: ledger → fixed target → compression → what-went-upstream recorder → dispatch).</summary>
public sealed class CompressionStageTests : IDisposable
{
    private readonly StageHarness _harness = new();
    private readonly CapturedLogs _logs = new();
    private readonly ILoggerFactory _loggerFactory;

    public CompressionStageTests() => _loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(_logs));

    [Fact]
    public async Task A_failing_technique_sends_the_original_text_counts_the_failure_and_logs_no_text()
    {
        var failures = new List<string>();
        using var listener = Listen("frugal.compression.failures", failures);
        var upstream = new List<ChatCompletionRequest>();
        var pipeline = Build(new ThrowingCounter(), upstream);
        var request = Request(CompressionTexts.RetrievalPrompt());

        var result = await pipeline.SendAsync(request, CancellationToken.None);

        Assert.True(result.IsSuccess);
        Assert.Equal(CompressionTexts.RetrievalPrompt(), Assert.Single(upstream).Messages![0].TextContent());
        Assert.Equal(["select"], failures);
        var line = Assert.Single(_logs.Lines, l => l.Contains("Compression technique", StringComparison.Ordinal));
        Assert.DoesNotContain("Hollow Peak", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Document", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ledger_entry_gets_tokens_before_and_after_and_a_compression_saving_at_the_input_price()
    {
        var upstream = new List<ChatCompletionRequest>();
        var pipeline = Build(O200kTokenCounter.Instance, upstream);
        var request = Request(CompressionTexts.RetrievalPrompt());

        await pipeline.SendAsync(request, CancellationToken.None);

        var entry = Assert.Single(_harness.Sink.Entries);
        Assert.True(entry.CompressionTokensBefore > 3 * entry.CompressionTokensAfter, $"{entry.CompressionTokensBefore} -> {entry.CompressionTokensAfter}");
        var removed = entry.CompressionTokensBefore!.Value - entry.CompressionTokensAfter!.Value;
        Assert.True(new PriceBook(PriceCatalog.Embedded).TryFindForCall("gpt-4o-mini", "gpt-4o-mini", _harness.Clock.GetUtcNow(), out var price));
        Assert.Equal(removed * price.InputPerMillion / 1_000_000m, entry.Savings[Frugal.Core.Accounting.SavingReason.Compression]);
        Assert.Equal(CompressionTexts.RetrievalPrompt(), request.Chat!.Messages![0].TextContent()); // the client's request is back in place
        Assert.True(upstream[0].Messages![0].TextContent().Length < CompressionTexts.RetrievalPrompt().Length / 3);
    }

    [Fact]
    public async Task A_stream_goes_upstream_compressed_and_the_request_is_restored_when_it_ends()
    {
        var upstream = new List<ChatCompletionRequest>();
        var pipeline = Build(O200kTokenCounter.Instance, upstream);
        var request = Request(CompressionTexts.RetrievalPrompt(), stream: true);

        var opened = await pipeline.StreamAsync(request, CancellationToken.None);
        var text = new System.Text.StringBuilder();
        await using (var stream = opened.Value!)
        {
            await foreach (var chunk in stream.Chunks)
            {
                text.Append(chunk.Parsed.Choices is { Count: > 0 } choices ? choices[0].Delta?.Content : null);
            }
        }

        Assert.Equal("Hello there!", text.ToString());
        Assert.True(upstream[0].Messages![0].TextContent().Length < CompressionTexts.RetrievalPrompt().Length / 3);
        Assert.Equal(CompressionTexts.RetrievalPrompt(), request.Chat!.Messages![0].TextContent());
        Assert.True(Assert.Single(_harness.Sink.Entries).Savings.ContainsKey(Frugal.Core.Accounting.SavingReason.Compression));
    }

    [Fact]
    public async Task An_unknown_compress_header_value_is_a_400_naming_it()
    {
        var pipeline = Build(O200kTokenCounter.Instance, []);
        var request = Request(CompressionTexts.RetrievalPrompt());
        request.Headers = new Dictionary<string, string> { ["x-frugal-compress"] = "maybe" };

        var result = await pipeline.SendAsync(request, CancellationToken.None);

        Assert.Equal(400, result.Error!.StatusCode);
        Assert.Contains("x-frugal-compress", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _harness.Provider.Sends);
    }

    public void Dispose()
    {
        _harness.Dispose();
        _loggerFactory.Dispose();
        _logs.Dispose();
    }

    private IGatewayHandler Build(ITokenCounter counter, List<ChatCompletionRequest> upstream)
    {
        var config = new CompressionConfig
        {
            Enabled = true,
            Defaults = new CompressionSettings { Techniques = CompressionTechniques.Lossless | CompressionTechniques.Select, MinPromptTokens = 100, MinPartTokens = 200 },
        };
        return _harness.Build(b => b
            .Use(inner => new CompressionHandler(inner, new CompressionPolicy(config), new PromptCompressor(counter, QueryAwareSelection.Default), new CompressionMetrics(_harness.Metrics), new PriceBook(PriceCatalog.Embedded), _harness.Clock, _loggerFactory.CreateLogger<CompressionHandler>()))
            .Use(inner => new Recorder(inner, upstream)));
    }

    private GatewayRequest Request(string text, bool stream = false) => _harness.Request(stream, text);

    private MeterListener Listen(string instrument, List<string> techniques)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (i, l) =>
            {
                if (ReferenceEquals(i.Meter, _harness.Metrics.Meter) && i.Name == instrument)
                {
                    l.EnableMeasurementEvents(i);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "technique")
                {
                    techniques.Add((string)tag.Value!);
                }
            }
        });
        listener.Start();
        return listener;
    }

    /// <summary>Records the chat request each attempt sends (what the upstream would receive).</summary>
    private sealed class Recorder(IGatewayHandler inner, List<ChatCompletionRequest> sent) : DelegatingGatewayHandler(inner)
    {
        public override ValueTask<GatewayResult<ChatCompletion>> SendAsync(GatewayRequest request, CancellationToken cancellationToken)
        {
            sent.Add(request.Chat!);
            return base.SendAsync(request, cancellationToken);
        }

        public override ValueTask<GatewayResult<ChatStream>> StreamAsync(GatewayRequest request, CancellationToken cancellationToken)
        {
            sent.Add(request.Chat!);
            return base.StreamAsync(request, cancellationToken);
        }
    }

    private sealed class ThrowingCounter : ITokenCounter
    {
        public int CountTokens(ReadOnlySpan<char> text)
            => text.StartsWith("Document") && !text.Contains("Question:", StringComparison.Ordinal)
                ? throw new InvalidOperationException("scorer broke on Hollow Peak")
                : O200kTokenCounter.Instance.CountTokens(text);
    }
}
