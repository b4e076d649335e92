using System.Text.Json;
using Frugal.Core.Caching;
using Frugal.Core.Caching.Semantic;
using Frugal.Core.Caching.Semantic.Embedding;
using Frugal.Core.Pipeline;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Frugal.Tests.Caching;

/// <summary>
/// The semantic cache's state machine with two instances over one log and one store — two gateway
/// processes sharing a backend, on a clock the test moves.
/// </summary>
public sealed class SemanticCacheStateTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly ManualClock _clock = new(Start);
    private readonly MemorySemanticCacheLog _log = new();
    private readonly MemoryCacheStore _store;
    private readonly SemanticCache _a;
    private readonly SemanticCache _b;

    public SemanticCacheStateTests()
    {
        _store = new MemoryCacheStore(1 << 24, _clock);
        var config = new SemanticCacheConfig { Enabled = true, Threshold = 0.8f, SyncInterval = TimeSpan.FromMilliseconds(200) };
        _a = new SemanticCache(new HashingEmbedder(), _log, _store, config, _clock, new CacheCounters(), NullLogger<SemanticCache>.Instance);
        _b = new SemanticCache(new HashingEmbedder(), _log, _store, config, _clock, new CacheCounters(), NullLogger<SemanticCache>.Instance);
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }

    [Fact]
    public async Task Another_instance_sees_new_entries_at_its_first_lookup_and_then_at_most_every_sync_interval()
    {
        await _a.AddAsync(Query("How do I top up my account?"), Answer("top up"), TimeSpan.FromHours(1), default);
        Assert.NotNull(await _b.LookupAsync(Query("how do i top up my account"), default)); // first use: full replay

        await _a.AddAsync(Query("Where is my card?"), Answer("card"), TimeSpan.FromHours(1), default);
        Assert.Null(await _b.LookupAsync(Query("where is my card"), default)); // pulled less than 200 ms ago

        _clock.Advance(TimeSpan.FromMilliseconds(200));
        var match = await _b.LookupAsync(Query("where is my card"), default);
        Assert.Equal("card", match!.Answer.Response.Choices[0].Message.TextContent());
        Assert.Equal(2, _b.Count);
    }

    [Fact]
    public async Task Expired_entries_are_not_served_and_leave_the_index()
    {
        await _a.AddAsync(Query("How do I top up my account?"), Answer("top up"), TimeSpan.FromSeconds(60), default);
        Assert.NotNull(await _a.LookupAsync(Query("how do i top up my account"), default));

        _clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Null(await _a.LookupAsync(Query("how do i top up my account"), default));
        Assert.Equal(0, _a.Count);
    }

    [Fact]
    public async Task Only_entries_of_the_same_context_are_compared()
    {
        await _a.AddAsync(Query("How do I top up my account?", system: "Bank A"), Answer("A"), TimeSpan.FromHours(1), default);

        Assert.Null(await _a.LookupAsync(Query("how do i top up my account", system: "Bank B"), default));
        Assert.NotNull(await _a.LookupAsync(Query("how do i top up my account", system: "Bank A"), default));
    }

    [Fact]
    public async Task Wrong_answer_feedback_removes_the_entry_and_lifts_neighbours_above_the_query_for_every_instance()
    {
        await _a.AddAsync(Query("How do I top up my account?"), Answer("first"), TimeSpan.FromHours(1), default);
        await _a.AddAsync(Query("How can I top up my account?"), Answer("second"), TimeSpan.FromHours(1), default);
        var wrongQuery = Query("how do i top up my account please");
        var wrong = await _b.LookupAsync(wrongQuery, default);
        Assert.Equal("first", wrong!.Answer.Response.Choices[0].Message.TextContent());

        var tightened = await _b.ReportWrongAsync(new SemanticLink(wrong.EntryKey, wrongQuery.ContextKey, wrongQuery.Text, wrong.Similarity, WasHit: true), default);
        _clock.Advance(TimeSpan.FromMilliseconds(200));

        Assert.Equal(1, tightened);
        Assert.Null(await _a.LookupAsync(Query("how do i top up my account please"), default));
        Assert.Null(await _b.LookupAsync(Query("how do i top up my account please"), default));
        Assert.NotNull(await _a.LookupAsync(Query("How can I top up my account?"), default)); // its own question still hits it
        Assert.Null(await _store.GetAsync(wrong.EntryKey, default));
    }

    [Fact]
    public async Task A_request_without_a_plain_text_last_user_turn_has_no_semantic_query()
    {
        var withImage = GatewayRequest.ForChat("r", Tenant.Anonymous, Parse("""{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"what is this"},{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}]}"""), 0);
        var toolResult = GatewayRequest.ForChat("r", Tenant.Anonymous, Parse("""{"model":"m","messages":[{"role":"user","content":"x"},{"role":"tool","tool_call_id":"c","content":"42"}]}"""), 0);

        Assert.Null(SemanticQuery.From(withImage, "key:anonymous"));
        Assert.Null(SemanticQuery.From(toolResult, "key:anonymous"));
        await Task.CompletedTask;
    }

    private static SemanticQuery Query(string text, string system = "Bank")
        => SemanticQuery.From(GatewayRequest.ForChat("r", Tenant.Anonymous, Parse(JsonSerializer.Serialize(new
        {
            model = "gpt-4o-mini",
            messages = new[] { new { role = "system", content = system }, new { role = "user", content = text } },
        })), 0), "key:anonymous")!;

    private static ChatCompletionRequest Parse(string json) => JsonSerializer.Deserialize(json, ProtocolJson.Context.ChatCompletionRequest)!;

    private static CachedAnswer Answer(string text)
    {
        var json = $$"""{"id":"c","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"{{text}}"},"logprobs":null,"finish_reason":"stop"}]}""";
        var response = JsonSerializer.Deserialize(json, ProtocolJson.Context.ChatCompletionResponse)!;
        return CachedAnswer.From(new ChatCompletion(response), GatewayRequest.ForChat("origin", Tenant.Anonymous, new ChatCompletionRequest(), 0))!;
    }
}
