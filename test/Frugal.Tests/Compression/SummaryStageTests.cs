using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Compression;
using Frugal.Core.Configuration;
using Frugal.Core.Dispatch;
using Frugal.Core.Pipeline;
using Frugal.Core.Routing;
using Frugal.Core.Routing.Routes;
using Frugal.Core.Text;
using Frugal.Protocol.OpenAI;
using Frugal.Server;
using Frugal.Tests.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Frugal.Tests.Compression;

/// <summary>
/// <c>history.summarizeDropped</c> on the stage alone (StageHarness; the main call goes to <see cref="FakeProvider"/>):
/// the note that replaces dropped turns, its cost in the ledger entry, the summary cache, the cheapest model of a route,
/// and failure or timeout of the summary call leaving the request to succeed without a summary.
/// </summary>
public sealed class SummaryStageTests : IDisposable
{
    private static readonly string Filler = string.Concat(Enumerable.Repeat("more context words ", 60)); // ~180 tokens a turn

    private readonly StageHarness _harness = new();
    private readonly GatewayConfig _config;
    private readonly PriceBook _prices = new(PriceCatalog.Embedded);

    public SummaryStageTests()
    {
        var loaded = ConfigLoader.Parse("""
            {
              "providers": { "fake": { "kind": "openai", "baseUrl": "http://127.0.0.1:9/v1" } },
              "models": { "gpt-4o-mini": { "provider": "fake" }, "gpt-4o": { "provider": "fake" } },
              "routes": { "smart": { "targets": ["gpt-4o", "gpt-4o-mini"] } }
            }
            """, "summary test config");
        Assert.True(loaded.IsValid, string.Join("; ", loaded.Problems));
        _config = loaded.Config!;
    }

    [Fact]
    public async Task Dropped_turns_are_replaced_by_one_system_note_whose_cost_is_in_the_entry_and_nets_the_saving()
    {
        var upstream = new List<ChatCompletionRequest>();
        var summarizer = Summarizer(_harness.Provider, _harness.Clock);
        var pipeline = Build(summarizer, upstream);
        var request = Conversation(turns: 24);

        var result = await pipeline.SendAsync(request, CancellationToken.None);

        Assert.True(result.IsSuccess);
        Assert.Equal(2, _harness.Provider.Sends); // the summary, then the answer
        var sent = Assert.Single(upstream).Messages!;
        Assert.Equal("system", sent[1].Role);
        Assert.Equal(DroppedTurnSummarizer.NotePrefix + "Hello there!", sent[1].TextContent());
        Assert.Equal("user", sent[2].Role);
        Assert.DoesNotMatch("^turn 0:", sent[2].TextContent());
        Assert.Equal(48, request.Chat!.Messages!.Count); // the client's request is back in place

        var entry = Assert.Single(_harness.Sink.Entries);
        Assert.True(_prices.TryFindForCall("gpt-4o-mini", "gpt-4o-mini", _harness.Clock.GetUtcNow(), out var price));
        var summaryCost = CostCalculator.Compute(price, OpenAIUsage.ToTokenUsage(new ChatUsage { PromptTokens = 10, CompletionTokens = 3, TotalTokens = 13 })).TotalUsd;
        Assert.Equal(summaryCost, entry.CompressionSummaryUsd);
        Assert.Equal(2 * summaryCost, entry.CostUsd); // the answer's usage is the same 10 + 3 tokens in FakeProvider
        var removed = entry.CompressionTokensBefore!.Value - entry.CompressionTokensAfter!.Value;
        Assert.True(removed > 1000, $"{entry.CompressionTokensBefore} -> {entry.CompressionTokensAfter}");
        Assert.Equal((removed * price.InputPerMillion / 1_000_000m) - summaryCost, entry.Savings[SavingReason.Compression]);
    }

    [Fact]
    public async Task The_same_dropped_turns_take_the_cached_summary_and_cost_nothing_the_second_time()
    {
        var upstream = new List<ChatCompletionRequest>();
        var pipeline = Build(Summarizer(_harness.Provider, _harness.Clock), upstream);

        await pipeline.SendAsync(Conversation(turns: 24), CancellationToken.None);
        await pipeline.SendAsync(Conversation(turns: 24), CancellationToken.None);

        Assert.Equal(3, _harness.Provider.Sends); // one summary for two requests
        Assert.Equal(upstream[0].Messages![1].TextContent(), upstream[1].Messages![1].TextContent());
        Assert.Equal(0m, _harness.Sink.Entries[1].CompressionSummaryUsd);
        Assert.True(_harness.Sink.Entries[1].CostUsd < _harness.Sink.Entries[0].CostUsd);
    }

    [Fact]
    public void A_route_is_summarised_by_its_cheapest_model_and_a_plain_model_by_itself()
    {
        var summarizer = Summarizer(_harness.Provider, _harness.Clock);

        Assert.Equal("gpt-4o-mini", summarizer.ModelFor("smart"));
        Assert.Equal("gpt-4o", summarizer.ModelFor("gpt-4o"));
    }

    [Fact]
    public async Task A_failing_summary_call_drops_the_turns_without_a_note_and_the_request_succeeds()
    {
        var upstream = new List<ChatCompletionRequest>();
        var failing = new ScriptedProvider { Throw = true };
        var pipeline = Build(Summarizer(failing, _harness.Clock), upstream);

        var result = await pipeline.SendAsync(Conversation(turns: 24), CancellationToken.None);

        Assert.True(result.IsSuccess);
        Assert.Equal(1, failing.Calls);
        var sent = Assert.Single(upstream).Messages!;
        Assert.Equal("user", sent[1].Role);
        Assert.DoesNotMatch("^turn 0:", sent[1].TextContent());
        Assert.Null(Assert.Single(_harness.Sink.Entries).CompressionSummaryUsd);
    }

    [Fact]
    public async Task A_summary_call_past_its_timeout_is_abandoned_and_the_turns_are_dropped_without_it()
    {
        var upstream = new List<ChatCompletionRequest>();
        var time = new FakeTimeProvider(_harness.Clock.GetUtcNow());
        var hanging = new ScriptedProvider { Hang = true };
        var pipeline = Build(Summarizer(hanging, time), upstream);

        var pending = pipeline.SendAsync(Conversation(turns: 24), CancellationToken.None).AsTask();
        await hanging.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(5_000));
        var result = await pending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(result.IsSuccess);
        Assert.Equal("user", Assert.Single(upstream).Messages![1].Role);
        Assert.Null(Assert.Single(_harness.Sink.Entries).CompressionSummaryUsd);
    }

    [Fact]
    public async Task Without_summarizeDropped_no_summary_call_is_made()
    {
        var upstream = new List<ChatCompletionRequest>();
        var pipeline = Build(Summarizer(_harness.Provider, _harness.Clock), upstream, summarize: false);

        await pipeline.SendAsync(Conversation(turns: 24), CancellationToken.None);

        Assert.Equal(1, _harness.Provider.Sends);
        Assert.Equal("user", Assert.Single(upstream).Messages![1].Role);
    }

    [Fact]
    public void The_transcript_names_roles_and_tool_calls_and_keeps_the_newest_part_when_too_long()
    {
        var call = new ChatMessage { Role = "assistant", ToolCalls = [new ToolCall { Id = "c1", Type = "function", Function = new FunctionCall { Name = "lookup", Arguments = "{\"q\":\"x\"}" } }] };
        var transcript = DroppedTurnSummarizer.Transcript([CompressionTexts.Message("user", "find x"), call, new ChatMessage { Role = "tool", ToolCallId = "c1", Content = CompressionTexts.Json("x is 4") }]);

        Assert.Equal("user: find x\n\nassistant: called lookup({\"q\":\"x\"})\n\ntool: x is 4\n\n", transcript);
        var huge = DroppedTurnSummarizer.Transcript([CompressionTexts.Message("user", new string('a', 300_000) + "END")]);
        Assert.Equal(DroppedTurnSummarizer.MaxTranscriptCharacters, huge.Length);
        Assert.Contains("END", huge, StringComparison.Ordinal);
    }

    public void Dispose() => _harness.Dispose();

    private DroppedTurnSummarizer Summarizer(IProviderRegistry providers, TimeProvider time)
    {
        var resolver = new ModelResolver(_config);
        return new DroppedTurnSummarizer(resolver, new RouteCatalog(_config, resolver, _prices, time), providers, _prices, new SummaryCache(), time, NullLogger<DroppedTurnSummarizer>.Instance);
    }

    private IGatewayHandler Build(DroppedTurnSummarizer summarizer, List<ChatCompletionRequest> upstream, bool summarize = true)
    {
        var config = new CompressionConfig
        {
            Enabled = true,
            Defaults = new CompressionSettings
            {
                Techniques = CompressionTechniques.History,
                MinPromptTokens = 300,
                HistoryThresholdTokens = 3000,
                HistoryKeepTokens = 1500,
                SummarizeDropped = summarize,
            },
        };
        return _harness.Build(b => b
            .Use(inner => new CompressionHandler(inner, new CompressionPolicy(config), new PromptCompressor(O200kTokenCounter.Instance, QueryAwareSelection.Default), new CompressionMetrics(_harness.Metrics), _prices, _harness.Clock, NullLogger<CompressionHandler>.Instance, summarizer))
            .Use(inner => new Recorder(inner, upstream)));
    }

    /// <summary>A system prompt and <paramref name="turns"/> user/assistant pairs, the last user turn unanswered.</summary>
    private GatewayRequest Conversation(int turns)
    {
        var messages = new List<ChatMessage> { CompressionTexts.Message("system", "You are terse.") };
        for (var turn = 0; turn < turns; turn++)
        {
            messages.Add(CompressionTexts.Message("user", $"turn {turn}: {Filler}"));
            if (turn < turns - 1)
            {
                messages.Add(CompressionTexts.Message("assistant", $"ok {turn}"));
            }
        }

        return GatewayRequest.ForChat($"req-{Guid.NewGuid():N}", Tenant.Anonymous, new ChatCompletionRequest { Model = "gpt-4o-mini", Messages = messages }, _harness.Clock.GetTimestamp());
    }

    /// <summary>Records the chat request each attempt sends (what the upstream would receive).</summary>
    private sealed class Recorder(IGatewayHandler inner, List<ChatCompletionRequest> sent) : DelegatingGatewayHandler(inner)
    {
        public override ValueTask<GatewayResult<ChatCompletion>> SendAsync(GatewayRequest request, CancellationToken cancellationToken)
        {
            sent.Add(request.Chat!);
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>A summary upstream that fails the connection or never answers (until cancelled).</summary>
    private sealed class ScriptedProvider : IProviderClient, IProviderRegistry
    {
        private int _calls;

        public bool Throw { get; init; }

        public bool Hang { get; init; }

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls => Volatile.Read(ref _calls);

        public string Name => "scripted";

        public IProviderClient Get(string providerName) => this;

        public async ValueTask<GatewayResult<ChatCompletion>> SendAsync(ProviderCall call, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            Entered.TrySetResult();
            if (Hang)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            throw new HttpRequestException("connection refused");
        }

        public ValueTask<GatewayResult<ChatStream>> StreamAsync(ProviderCall call, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<GatewayResult<EmbeddingResult>> EmbedAsync(ProviderEmbeddingCall call, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
