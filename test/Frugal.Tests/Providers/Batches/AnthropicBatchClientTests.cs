using System.Text;
using System.Text.Json;
using Frugal.Core.Batching;
using Frugal.Providers.Anthropic;
using Frugal.Providers.Anthropic.Batch;
using Frugal.Providers.Batches;

namespace Frugal.Tests.Providers.Batches;

/// <summary>
/// The Message Batches client: translation both ways on Anthropic's documented payloads (Fixtures/Anthropic), and
/// create → poll → results against a real MockUpstream over HTTP on the mock's fake batch clock.
/// </summary>
public sealed class AnthropicBatchClientTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public void The_documented_batch_object_maps_to_counts_locator_and_status()
    {
        var batch = JsonSerializer.Deserialize(Fixture("message-batch.json"), AnthropicBatchJson.Context.MessageBatch)!;

        Assert.Equal(ProviderBatchStatus.Completed, AnthropicBatchClient.ParseStatus(batch));
        Assert.Equal("https://api.anthropic.com/v1/messages/batches/msgbatch_013Zva2CMHLNnXjNJJKqJ2EF/results", batch.ResultsUrl);
        Assert.Equal(new DateTimeOffset(2024, 8, 21, 18, 37, 24, 100, TimeSpan.Zero).AddTicks(4350), batch.ExpiresAt);
        batch.ProcessingStatus = "in_progress";
        Assert.Equal(ProviderBatchStatus.InProgress, AnthropicBatchClient.ParseStatus(batch));
        batch.ProcessingStatus = "canceling";
        Assert.Equal(ProviderBatchStatus.Cancelling, AnthropicBatchClient.ParseStatus(batch));
        batch.ProcessingStatus = "ended";
        batch.CancelInitiatedAt = DateTimeOffset.UnixEpoch;
        Assert.Equal(ProviderBatchStatus.Cancelled, AnthropicBatchClient.ParseStatus(batch));
        batch.CancelInitiatedAt = null;
        batch.RequestCounts = new MessageBatchRequestCounts { Expired = 3 };
        Assert.Equal(ProviderBatchStatus.Expired, AnthropicBatchClient.ParseStatus(batch));
        batch.ProcessingStatus = "paused";
        Assert.Null(AnthropicBatchClient.ParseStatus(batch));
    }

    [Fact]
    public void The_documented_result_lines_become_openai_output_lines()
    {
        var client = new AnthropicBatchClient(new() { Name = "an", Kind = "anthropic", BaseUrl = new Uri("https://api.anthropic.com") }, Http, TimeProvider.System);

        var results = Encoding.UTF8.GetString(Fixture("message-batch-results.jsonl"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => client.ParseLine(Encoding.UTF8.GetBytes(line), created: 1_700_000_000)!)
            .ToDictionary(r => r.CustomId);

        var first = results["my-first-request"];
        Assert.Equal((200, false), (first.StatusCode, first.Retryable));
        using (var body = JsonDocument.Parse(first.Body))
        {
            var root = body.RootElement;
            Assert.Equal("chat.completion", root.GetProperty("object").GetString());
            Assert.Equal("msg_01FqfsLoHwgeFbguDgpz48m7", root.GetProperty("id").GetString());
            Assert.Equal(1_700_000_000, root.GetProperty("created").GetInt64());
            Assert.StartsWith("Hello! How can I assist you today?", root.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), StringComparison.Ordinal);
            Assert.Equal("stop", root.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        }

        // Anthropic's input_tokens exclude cache reads; OpenAI's prompt_tokens include them (gotcha 1).
        Assert.Equal((2010, 34, 2000), (first.Usage!.PromptTokens, first.Usage.CompletionTokens, first.Usage.PromptTokensDetails!.CachedTokens));
        Assert.Equal(11, results["my-second-request"].Usage!.PromptTokens);
        Assert.Equal((400, false), (results["my-third-request"].StatusCode, results["my-third-request"].Retryable));
        Assert.Equal("max_tokens: Field required", Error(results["my-third-request"]).GetProperty("message").GetString());
        Assert.Equal("invalid_request_error", Error(results["my-third-request"]).GetProperty("type").GetString());
        Assert.Equal((502, true), (results["my-fourth-request"].StatusCode, results["my-fourth-request"].Retryable));
        Assert.Equal((409, true, BatchErrorBodies.CancelledCode), (results["my-fifth-request"].StatusCode, results["my-fifth-request"].Retryable, Error(results["my-fifth-request"]).GetProperty("code").GetString()));
        Assert.Equal((408, true, BatchErrorBodies.ExpiredCode), (results["my-sixth-request"].StatusCode, results["my-sixth-request"].Retryable, Error(results["my-sixth-request"]).GetProperty("code").GetString()));
    }

    [Fact]
    public async Task A_thousand_lines_are_translated_sent_polled_and_read_back_as_chat_completions()
    {
        await using var mock = await BatchMock.StartAsync();
        var client = new AnthropicBatchClient(mock.Provider("an", "anthropic"), Http, TimeProvider.System);
        var lines = BatchMock.ManyLines(1000);

        var created = await client.CreateAsync(BatchMock.Request(lines, "claude-sonnet-4-20250514"), CancellationToken.None);

        Assert.True(created.Succeeded, created.ErrorMessage);
        Assert.Equal((ProviderBatchStatus.InProgress, 1000), (created.State!.Status, created.State.Total));
        mock.Finish();
        var ended = (await client.GetAsync(created.State.ProviderBatchId, CancellationToken.None)).State!;
        Assert.Equal((ProviderBatchStatus.Completed, 1000, 1000, 0), (ended.Status, ended.Total, ended.Completed, ended.Failed));

        var results = await BatchMock.ReadAllAsync(client, ended);

        Assert.Equal(lines.Select(l => l.CustomId).Order(), results.Select(r => r.CustomId).Order());
        Assert.All(results, r =>
        {
            Assert.Equal(200, r.StatusCode);
            Assert.Equal(3, r.Usage!.CompletionTokens);
            using var body = JsonDocument.Parse(r.Body);
            Assert.Equal("chat.completion", body.RootElement.GetProperty("object").GetString());
            Assert.Equal("claude-sonnet-4-20250514", body.RootElement.GetProperty("model").GetString());
        });

        // What went upstream: Messages params under the upstream model, with Anthropic's headers.
        var create = Assert.Single(mock.Server.RecentRequests, r => r.Path == "/v1/messages/batches");
        Assert.Equal(AnthropicClient.ApiVersion, create.Header("anthropic-version"));
        using var sent = JsonDocument.Parse(create.Body);
        var first = sent.RootElement.GetProperty("requests")[0];
        Assert.Equal("line-0", first.GetProperty("custom_id").GetString());
        Assert.Equal("claude-sonnet-4-20250514", first.GetProperty("params").GetProperty("model").GetString());
        Assert.True(first.GetProperty("params").GetProperty("max_tokens").GetInt32() > 0);
        Assert.False(first.GetProperty("params").TryGetProperty("stream", out _));
    }

    [Fact]
    public async Task Usage_faults_cancel_expiry_and_provider_outage_per_line_and_per_batch()
    {
        await using var mock = await BatchMock.StartAsync();
        var client = new AnthropicBatchClient(mock.Provider("an", "anthropic"), Http, TimeProvider.System);
        var lines = new[]
        {
            BatchMock.Chat("usage", "x [[tokens:4]] [[cached:6]] [[batch:poll-fail:1]]"),
            BatchMock.Chat("down", "x [[fault:500]]"),
            BatchMock.Chat("bad", "x [[fault:400]]"),
            BatchMock.Chat("late", "x [[batch:expire]]"),
        };
        var created = (await client.CreateAsync(BatchMock.Request(lines, "claude-haiku"), CancellationToken.None)).State!;
        mock.Finish();

        var outage = await client.GetAsync(created.ProviderBatchId, CancellationToken.None);
        var ended = (await client.GetAsync(created.ProviderBatchId, CancellationToken.None)).State!;
        var results = (await BatchMock.ReadAllAsync(client, ended)).ToDictionary(r => r.CustomId);

        Assert.Equal((false, 503), (outage.Succeeded, outage.StatusCode));
        Assert.Equal((ProviderBatchStatus.Completed, 4, 1, 3), (ended.Status, ended.Total, ended.Completed, ended.Failed));
        Assert.Equal(6, results["usage"].Usage!.PromptTokensDetails!.CachedTokens);
        Assert.Equal(4, results["usage"].Usage!.CompletionTokens);
        Assert.Equal((502, true), (results["down"].StatusCode, results["down"].Retryable));
        Assert.Equal((400, false), (results["bad"].StatusCode, results["bad"].Retryable));
        Assert.Equal((408, true), (results["late"].StatusCode, results["late"].Retryable));
    }

    [Fact]
    public async Task A_cancelled_batch_ends_cancelled_with_every_line_retryable()
    {
        await using var mock = await BatchMock.StartAsync();
        var client = new AnthropicBatchClient(mock.Provider("an", "anthropic"), Http, TimeProvider.System);
        var created = (await client.CreateAsync(BatchMock.Request(BatchMock.ManyLines(3), "claude-haiku"), CancellationToken.None)).State!;

        var cancelling = (await client.CancelAsync(created.ProviderBatchId, CancellationToken.None)).State!;
        var cancelled = (await client.GetAsync(created.ProviderBatchId, CancellationToken.None)).State!;
        var results = await BatchMock.ReadAllAsync(client, cancelled);

        Assert.Equal(ProviderBatchStatus.Cancelling, cancelling.Status);
        Assert.Equal(ProviderBatchStatus.Cancelled, cancelled.Status);
        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.Equal((409, true), (r.StatusCode, r.Retryable)));
    }

    [Fact]
    public async Task A_line_that_cannot_be_translated_is_not_sent_and_comes_back_as_a_400_result()
    {
        await using var mock = await BatchMock.StartAsync();
        var client = new AnthropicBatchClient(mock.Provider("an", "anthropic"), Http, TimeProvider.System);
        var lines = new[] { BatchMock.Chat("ok", "fine"), BatchMock.Chat("logprobs", "x", extraJson: ""","logprobs":true"""), new ProviderBatchLine("junk", "{\"messages\":7}"u8.ToArray()) };

        var created = (await client.CreateAsync(BatchMock.Request(lines, "claude-haiku"), CancellationToken.None)).State!;
        mock.Finish();
        var ended = (await client.GetAsync(created.ProviderBatchId, CancellationToken.None)).State!;
        var results = (await BatchMock.ReadAllAsync(client, ended)).ToDictionary(r => r.CustomId);

        Assert.StartsWith(AnthropicBatchClient.UnconvertedPrefix, created.ErrorLocator, StringComparison.Ordinal);
        Assert.Equal((3, 1, 2), (ended.Total, ended.Completed, ended.Failed));
        using (var sent = JsonDocument.Parse(mock.Server.RecentRequests.Single(r => r.Path == "/v1/messages/batches").Body))
        {
            Assert.Equal(1, sent.RootElement.GetProperty("requests").GetArrayLength());
        }

        Assert.Equal(200, results["ok"].StatusCode);
        Assert.Equal((400, false), (results["logprobs"].StatusCode, results["logprobs"].Retryable));
        Assert.Equal("logprobs", Error(results["logprobs"]).GetProperty("param").GetString());
        Assert.Equal(400, results["junk"].StatusCode);

        // After a restart the client knows nothing; the locator the coordinator kept from CreateAsync is enough.
        var fresh = new AnthropicBatchClient(mock.Provider("an", "anthropic"), Http, TimeProvider.System);
        var again = (await BatchMock.ReadAllAsync(fresh, ended with { ErrorLocator = created.ErrorLocator })).ToDictionary(r => r.CustomId);
        Assert.Equal([200, 400, 400], new[] { again["ok"].StatusCode, again["logprobs"].StatusCode, again["junk"].StatusCode });
    }

    [Fact]
    public async Task Embeddings_and_a_batch_with_no_translatable_line_are_refused_without_a_call()
    {
        await using var mock = await BatchMock.StartAsync();
        var client = new AnthropicBatchClient(mock.Provider("an", "anthropic"), Http, TimeProvider.System);

        var embeddings = await client.CreateAsync(BatchMock.Request([new ProviderBatchLine("e", """{"model":"m","input":"x"}"""u8.ToArray())], "claude", "/v1/embeddings"), CancellationToken.None);
        var untranslatable = await client.CreateAsync(BatchMock.Request([BatchMock.Chat("l", "x", extraJson: ""","logprobs":true""")], "claude"), CancellationToken.None);

        Assert.Equal((false, 400), (embeddings.Succeeded, embeddings.StatusCode));
        Assert.Contains("only /v1/chat/completions", embeddings.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal((false, 400), (untranslatable.Succeeded, untranslatable.StatusCode));
        Assert.Contains("\"l\"", untranslatable.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(mock.Server.RecentRequests);
    }

    [Fact]
    public async Task A_refused_creation_and_a_secret_echoed_in_a_line_error_are_masked()
    {
        await using var mock = await BatchMock.StartAsync();
        const string secret = "sk-ant-batch-secret-0a9b8c7d6e5f4a3b";
        var env = "FRUGAL_TEST_BATCH_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(env, secret);
        try
        {
            var client = new AnthropicBatchClient(mock.Provider("an", "anthropic", env), Http, TimeProvider.System);

            var refused = await client.CreateAsync(BatchMock.Request([BatchMock.Chat("r", "x [[batch:refuse:429]]")], "claude"), CancellationToken.None);
            var created = (await client.CreateAsync(BatchMock.Request([BatchMock.Chat("leak", "x [[echo-auth:403]]")], "claude"), CancellationToken.None)).State!;
            mock.Finish();
            var ended = (await client.GetAsync(created.ProviderBatchId, CancellationToken.None)).State!;
            var result = Assert.Single(await BatchMock.ReadAllAsync(client, ended));

            Assert.Equal((false, 429), (refused.Succeeded, refused.StatusCode));
            Assert.Equal(secret, mock.Server.RecentRequests[0].Header("x-api-key"));
            Assert.Equal(403, result.StatusCode);
            var text = Encoding.UTF8.GetString(result.Body.Span);
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.Contains(Frugal.Core.Security.CredentialMasker.Mask, text, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(env, null);
        }
    }

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Anthropic", name));

    private static JsonElement Error(ProviderBatchResult result) => JsonDocument.Parse(result.Body).RootElement.GetProperty("error");
}
