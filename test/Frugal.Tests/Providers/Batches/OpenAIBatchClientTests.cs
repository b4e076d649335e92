using System.Text;
using System.Text.Json;
using Frugal.Core.Batching;
using Frugal.Providers.Batches;
using Frugal.Providers.OpenAICompatible;

namespace Frugal.Tests.Providers.Batches;

/// <summary>The OpenAI Files + Batches client against a real MockUpstream over HTTP, on the mock's fake batch clock.</summary>
public sealed class OpenAIBatchClientTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task A_thousand_lines_are_uploaded_polled_through_every_status_and_read_back_with_usage()
    {
        await using var mock = await BatchMock.StartAsync();
        var client = new OpenAIBatchClient(mock.Provider("oa", "openai"), Http, TimeProvider.System);
        var lines = BatchMock.ManyLines(1000);

        var created = await client.CreateAsync(BatchMock.Request(lines, "gpt-4o-mini"), CancellationToken.None);

        Assert.True(created.Succeeded, created.ErrorMessage);
        var id = created.State!.ProviderBatchId;
        Assert.Equal(ProviderBatchStatus.Validating, created.State.Status);
        Assert.Equal(1000, created.State.Total);
        mock.Time.Advance(TimeSpan.FromMilliseconds(600));
        Assert.Equal(ProviderBatchStatus.InProgress, (await client.GetAsync(id, CancellationToken.None)).State!.Status);
        mock.Finish();
        var ended = (await client.GetAsync(id, CancellationToken.None)).State!;
        Assert.Equal(ProviderBatchStatus.Completed, ended.Status);
        Assert.Equal((1000, 1000, 0), (ended.Total, ended.Completed, ended.Failed));
        Assert.NotNull(ended.OutputLocator);
        Assert.Null(ended.ErrorLocator);

        var results = await BatchMock.ReadAllAsync(client, ended);

        Assert.Equal(1000, results.Count);
        Assert.Equal(lines.Select(l => l.CustomId).Order(), results.Select(r => r.CustomId).Order());
        Assert.All(results, r =>
        {
            Assert.Equal(200, r.StatusCode);
            Assert.False(r.Retryable);
            Assert.Equal(3, r.Usage!.CompletionTokens);
            using var body = JsonDocument.Parse(r.Body);
            Assert.Equal("chat.completion", body.RootElement.GetProperty("object").GetString());
            Assert.Equal("gpt-4o-mini", body.RootElement.GetProperty("model").GetString());
        });

        // What went upstream: one multipart upload with purpose=batch, then the batch over that file.
        var upload = Assert.Single(mock.Server.RecentRequests, r => r.Path == "/v1/files");
        Assert.Contains("name=purpose", upload.Body, StringComparison.Ordinal);
        Assert.Contains("\r\n\r\nbatch\r\n", upload.Body, StringComparison.Ordinal);
        var create = Assert.Single(mock.Server.RecentRequests, r => r.Path == "/v1/batches");
        using var createBody = JsonDocument.Parse(create.Body);
        Assert.Equal("/v1/chat/completions", createBody.RootElement.GetProperty("endpoint").GetString());
        Assert.Equal("24h", createBody.RootElement.GetProperty("completion_window").GetString());
        Assert.Equal("b-1", createBody.RootElement.GetProperty("metadata").GetProperty("frugal_batch").GetString());
    }

    [Fact]
    public async Task Each_uploaded_line_names_the_upstream_model_and_keeps_every_other_field_as_sent()
    {
        await using var mock = await BatchMock.StartAsync();
        var client = new OpenAIBatchClient(mock.Provider("oa", "openai"), Http, TimeProvider.System);
        var pretty = new ProviderBatchLine("pretty", Encoding.UTF8.GetBytes("{\n  \"messages\": [{\"role\": \"user\", \"content\": \"two\\nlines\"}],\n  \"x_unknown\": {\"keep\": [1, 2.50]}\n}"));
        var lines = new[] { BatchMock.Chat("a", "hi", model: "gateway-name", extraJson: ",\"temperature\":0.25,\"x_vendor\":\"v\""), pretty };

        var created = await client.CreateAsync(BatchMock.Request(lines, "gpt-4o-2024-08-06"), CancellationToken.None);

        Assert.True(created.Succeeded, created.ErrorMessage);
        var fileId = (await ReadFileIdsAsync(mock)).Single();
        var content = await Http.GetStringAsync(new Uri(mock.Server.BaseUri, $"v1/files/{fileId}/content"));
        var uploaded = content.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, uploaded.Length);
        Assert.Equal(
            """{"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-2024-08-06","messages":[{"role":"user","content":"hi"}],"temperature":0.25,"x_vendor":"v"}}""",
            uploaded[0]);
        using var second = JsonDocument.Parse(uploaded[1]);
        var body = second.RootElement.GetProperty("body");
        Assert.Equal("gpt-4o-2024-08-06", body.GetProperty("model").GetString());
        Assert.Equal("two\nlines", body.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal("2.50", body.GetProperty("x_unknown").GetProperty("keep")[1].GetRawText());
    }

    [Fact]
    public async Task Usage_carries_cached_and_reasoning_tokens_and_failed_lines_come_back_as_error_lines()
    {
        await using var mock = await BatchMock.StartAsync();
        var client = new OpenAIBatchClient(mock.Provider("oa", "openai"), Http, TimeProvider.System);
        var lines = new[]
        {
            BatchMock.Chat("usage", "long prompt [[tokens:9]] [[cached:7]] [[reasoning:5]]"),
            BatchMock.Chat("down", "x [[fault:500]]"),
            BatchMock.Chat("limited", "x [[fault:429]]"),
            BatchMock.Chat("bad", "x [[fault:400]]"),
        };

        var state = await RunToEndAsync(mock, client, lines);
        var results = (await BatchMock.ReadAllAsync(client, state)).ToDictionary(r => r.CustomId);

        Assert.Equal((4, 1, 3), (state.Total, state.Completed, state.Failed));
        var usage = results["usage"].Usage!;
        Assert.Equal(7, usage.PromptTokensDetails!.CachedTokens);
        Assert.Equal(5, usage.CompletionTokensDetails!.ReasoningTokens);
        Assert.Equal(9 + 5, usage.CompletionTokens); // output includes reasoning (gotcha 1)
        Assert.Equal((502, true), (results["down"].StatusCode, results["down"].Retryable));
        Assert.Equal((429, true), (results["limited"].StatusCode, results["limited"].Retryable));
        Assert.Equal((400, false), (results["bad"].StatusCode, results["bad"].Retryable));
        Assert.Contains("mock 400", ErrorMessage(results["bad"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_batch_is_cancelling_then_cancelled_and_its_lines_are_retryable()
    {
        await using var mock = await BatchMock.StartAsync();
        var client = new OpenAIBatchClient(mock.Provider("oa", "openai"), Http, TimeProvider.System);
        var created = (await client.CreateAsync(BatchMock.Request(BatchMock.ManyLines(5), "m"), CancellationToken.None)).State!;

        var cancelling = await client.CancelAsync(created.ProviderBatchId, CancellationToken.None);
        var cancelled = (await client.GetAsync(created.ProviderBatchId, CancellationToken.None)).State!;
        var results = await BatchMock.ReadAllAsync(client, cancelled);

        Assert.Equal(ProviderBatchStatus.Cancelling, cancelling.State!.Status);
        Assert.Equal(ProviderBatchStatus.Cancelled, cancelled.Status);
        Assert.True(cancelled.HasEnded);
        Assert.Equal(5, results.Count);
        Assert.All(results, r => Assert.Equal((409, true, BatchErrorBodies.CancelledCode), (r.StatusCode, r.Retryable, ErrorCode(r))));
        using var list = JsonDocument.Parse(await Http.GetStringAsync(new Uri(mock.Server.BaseUri, "v1/batches")));
        var listed = Assert.Single(list.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal((created.ProviderBatchId, "cancelled"), (listed.GetProperty("id").GetString(), listed.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task An_expired_batch_returns_its_answered_lines_and_its_expired_lines_as_retryable()
    {
        await using var mock = await BatchMock.StartAsync();
        var client = new OpenAIBatchClient(mock.Provider("oa", "openai"), Http, TimeProvider.System);
        var lines = new[] { BatchMock.Chat("done", "fine"), BatchMock.Chat("late-1", "slow [[batch:expire]]"), BatchMock.Chat("late-2", "slow [[batch:expire]]") };

        var state = await RunToEndAsync(mock, client, lines);
        var results = (await BatchMock.ReadAllAsync(client, state)).ToDictionary(r => r.CustomId);

        Assert.Equal(ProviderBatchStatus.Expired, state.Status);
        Assert.Equal(200, results["done"].StatusCode);
        Assert.Equal((408, true, BatchErrorBodies.ExpiredCode), (results["late-1"].StatusCode, results["late-1"].Retryable, ErrorCode(results["late-1"])));
        Assert.Equal((408, true), (results["late-2"].StatusCode, results["late-2"].Retryable));
    }

    [Fact]
    public async Task Polls_while_the_provider_is_down_are_refusals_worth_retrying_and_the_batch_is_still_there_after()
    {
        await using var mock = await BatchMock.StartAsync();
        var client = new OpenAIBatchClient(mock.Provider("oa", "openai"), Http, TimeProvider.System);
        var created = (await client.CreateAsync(BatchMock.Request([BatchMock.Chat("a", "x [[batch:poll-fail:2]]")], "m"), CancellationToken.None)).State!;
        mock.Finish();

        var first = await client.GetAsync(created.ProviderBatchId, CancellationToken.None);
        var second = await client.GetAsync(created.ProviderBatchId, CancellationToken.None);
        var third = await client.GetAsync(created.ProviderBatchId, CancellationToken.None);

        Assert.Equal((false, 503), (first.Succeeded, first.StatusCode));
        Assert.Contains("unavailable", first.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal((false, 503), (second.Succeeded, second.StatusCode));
        Assert.Equal(ProviderBatchStatus.Completed, third.State!.Status);
    }

    [Fact]
    public async Task A_refused_creation_is_a_refusal_and_the_uploaded_file_is_deleted()
    {
        await using var mock = await BatchMock.StartAsync();
        var client = new OpenAIBatchClient(mock.Provider("oa", "openai"), Http, TimeProvider.System);

        var result = await client.CreateAsync(BatchMock.Request([BatchMock.Chat("a", "x [[batch:refuse]]")], "m"), CancellationToken.None);

        Assert.Equal((false, 400), (result.Succeeded, result.StatusCode));
        Assert.Contains("refused", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(mock.Server.RecentRequests, r => r.Method == "DELETE" && r.Path.StartsWith("/v1/files/", StringComparison.Ordinal));
        Assert.Empty(await ReadFileIdsAsync(mock));
    }

    [Fact]
    public async Task A_line_whose_body_is_not_a_json_object_is_refused_before_anything_is_uploaded()
    {
        await using var mock = await BatchMock.StartAsync();
        var client = new OpenAIBatchClient(mock.Provider("oa", "openai"), Http, TimeProvider.System);
        var lines = new[] { BatchMock.Chat("a", "x"), new ProviderBatchLine("b", "[1,2]"u8.ToArray()) };

        var result = await client.CreateAsync(BatchMock.Request(lines, "m"), CancellationToken.None);

        Assert.Equal((false, 400), (result.Succeeded, result.StatusCode));
        Assert.Equal("line 2 (custom_id \"b\"): the body is not a JSON object", result.ErrorMessage);
        Assert.Empty(mock.Server.RecentRequests);
    }

    [Fact]
    public async Task Embedding_lines_run_as_an_embeddings_batch()
    {
        await using var mock = await BatchMock.StartAsync();
        var client = new OpenAIBatchClient(mock.Provider("oa", "openai"), Http, TimeProvider.System);
        var line = new ProviderBatchLine("e", """{"model":"emb","input":"hello"}"""u8.ToArray());

        var state = await RunToEndAsync(mock, client, [line], "/v1/embeddings", "text-embedding-3-small");
        var result = Assert.Single(await BatchMock.ReadAllAsync(client, state));

        Assert.Equal(200, result.StatusCode);
        using var body = JsonDocument.Parse(result.Body);
        Assert.Equal("list", body.RootElement.GetProperty("object").GetString());
        Assert.True(result.Usage!.PromptTokens > 0);
    }

    [Fact]
    public async Task A_secret_echoed_in_a_line_error_or_a_refusal_is_masked()
    {
        await using var mock = await BatchMock.StartAsync();
        const string secret = "sk-batch-secret-4c1d2f9a8b7e6d5c";
        var env = "FRUGAL_TEST_BATCH_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(env, secret);
        try
        {
            var client = new OpenAIBatchClient(mock.Provider("oa", "openai", env), Http, TimeProvider.System);

            var state = await RunToEndAsync(mock, client, [BatchMock.Chat("leak", "x [[echo-auth:401]]")]);
            var result = Assert.Single(await BatchMock.ReadAllAsync(client, state));

            Assert.Equal("Bearer " + secret, mock.Server.RecentRequests.First(r => r.Path == "/v1/files").Header("Authorization"));
            Assert.Equal(401, result.StatusCode);
            var text = Encoding.UTF8.GetString(result.Body.Span);
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.Contains(Frugal.Core.Security.CredentialMasker.Mask, text, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(env, null);
        }
    }

    private static async Task<ProviderBatchState> RunToEndAsync(BatchMock mock, IProviderBatchClient client, IReadOnlyList<ProviderBatchLine> lines, string endpoint = "/v1/chat/completions", string model = "gpt-4o-mini")
    {
        var created = await client.CreateAsync(BatchMock.Request(lines, model, endpoint), CancellationToken.None);
        Assert.True(created.Succeeded, created.ErrorMessage);
        mock.Finish();
        var ended = await client.GetAsync(created.State!.ProviderBatchId, CancellationToken.None);
        Assert.True(ended.State!.HasEnded);
        return ended.State;
    }

    private static async Task<List<string>> ReadFileIdsAsync(BatchMock mock)
    {
        using var list = JsonDocument.Parse(await Http.GetStringAsync(new Uri(mock.Server.BaseUri, "v1/files")));
        return [.. list.RootElement.GetProperty("data").EnumerateArray().Where(f => f.GetProperty("purpose").GetString() == "batch").Select(f => f.GetProperty("id").GetString()!)];
    }

    private static string? ErrorCode(ProviderBatchResult result)
    {
        using var body = JsonDocument.Parse(result.Body);
        return body.RootElement.GetProperty("error").GetProperty("code").GetString();
    }

    private static string ErrorMessage(ProviderBatchResult result)
    {
        using var body = JsonDocument.Parse(result.Body);
        return body.RootElement.GetProperty("error").GetProperty("message").GetString()!;
    }
}
