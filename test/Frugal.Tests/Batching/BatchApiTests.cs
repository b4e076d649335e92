using System.Net;
using System.Text;
using System.Text.Json;
using Frugal.Core.Batching;
using Frugal.Core.Pipeline;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Tests.Batching;

/// <summary>The Files + Batches endpoints: who sees what, bad input, budgets, pagination, and the jobs API deferral uses.</summary>
public sealed class BatchApiTests
{
    [Fact]
    public async Task A_key_sees_only_its_own_files_and_batches()
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", extraJson: BatchTesting.FastBatches);
        var owner = await BatchTesting.KeyAsync(gateway, "owner");
        var other = await BatchTesting.KeyAsync(gateway, "other");
        var file = await BatchTesting.JsonAsync(await BatchTesting.UploadAsync(gateway, owner, BatchTesting.ChatLines(3)));
        var fileId = file.GetProperty("id").GetString()!;
        var id = await BatchTesting.SubmitAsync(gateway, owner, BatchTesting.ChatLines(3));

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, $"/v1/files/{fileId}"), (HttpMethod.Get, $"/v1/files/{fileId}/content"), (HttpMethod.Delete, $"/v1/files/{fileId}"),
            (HttpMethod.Get, $"/v1/batches/{id}"), (HttpMethod.Post, $"/v1/batches/{id}/cancel"),
        })
        {
            var response = await BatchTesting.SendAsync(gateway, method, path, other);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("not_found", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString());
        }

        var stolen = await BatchTesting.SendAsync(gateway, HttpMethod.Post, "/v1/batches", other, $$"""{"input_file_id":"{{fileId}}","endpoint":"/v1/chat/completions","completion_window":"24h"}""");
        Assert.Equal(HttpStatusCode.NotFound, stolen.StatusCode);
        var list = await BatchTesting.JsonAsync(await BatchTesting.SendAsync(gateway, HttpMethod.Get, "/v1/batches", other));
        Assert.Equal(0, list.GetProperty("data").GetArrayLength());
        Assert.Equal(HttpStatusCode.Unauthorized, (await BatchTesting.SendAsync(gateway, HttpMethod.Get, $"/v1/batches/{id}", "fk-not-a-key")).StatusCode);

        Assert.Equal(id, (await BatchTesting.GetBatchAsync(gateway, owner, id)).GetProperty("id").GetString());
        var deleted = await BatchTesting.JsonAsync(await BatchTesting.SendAsync(gateway, HttpMethod.Delete, $"/v1/files/{fileId}", owner));
        Assert.True(deleted.GetProperty("deleted").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await BatchTesting.SendAsync(gateway, HttpMethod.Get, $"/v1/files/{fileId}", owner)).StatusCode);
    }

    [Fact]
    public async Task A_bad_file_is_refused_naming_every_bad_line_and_nothing_is_stored()
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", extraJson: BatchTesting.FastBatches);
        var key = await BatchTesting.KeyAsync(gateway, "bad");
        var lines = BatchTesting.ChatLines(20).Split('\n');
        lines[4] = lines[3];
        lines[9] = "{\"custom_id\": \"x\", broken";
        lines[16] = lines[16].Replace("\"POST\"", "\"PUT\"", StringComparison.Ordinal);

        var response = await BatchTesting.UploadAsync(gateway, key, string.Join('\n', lines));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal("invalid_batch_file", error.GetProperty("code").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("line 5: duplicate custom_id \"req-3\"", message, StringComparison.Ordinal);
        Assert.Contains("line 10: invalid JSON", message, StringComparison.Ordinal);
        Assert.Contains("line 17: method \"PUT\" (must be \"POST\")", message, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(Path.Combine(gateway.DataDir, "files")) ? Directory.GetFiles(Path.Combine(gateway.DataDir, "files")) : []);
    }

    [Theory]
    [InlineData("fine-tune", "purpose \"fine-tune\" is not supported")]
    [InlineData("assistants", "purpose \"assistants\" is not supported")]
    public async Task Other_purposes_are_refused(string purpose, string expected)
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", extraJson: BatchTesting.FastBatches);
        var key = await BatchTesting.KeyAsync(gateway, "purpose");

        var response = await BatchTesting.UploadAsync(gateway, key, BatchTesting.ChatLines(2), purpose);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_a_batch_checks_the_endpoint_window_and_model()
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", extraJson: BatchTesting.FastBatches);
        var key = await BatchTesting.KeyAsync(gateway, "create");
        var known = (await BatchTesting.JsonAsync(await BatchTesting.UploadAsync(gateway, key, BatchTesting.ChatLines(2)))).GetProperty("id").GetString();
        var unknown = (await BatchTesting.JsonAsync(await BatchTesting.UploadAsync(gateway, key, BatchTesting.ChatLines(2, model: "no-such-model")))).GetProperty("id").GetString();

        async Task<string> RefusedAsync(string json)
        {
            var response = await BatchTesting.SendAsync(gateway, HttpMethod.Post, "/v1/batches", key, json);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("message").GetString()!;
        }

        Assert.Contains("lines of " + known + " have url /v1/chat/completions", await RefusedAsync($$"""{"input_file_id":"{{known}}","endpoint":"/v1/embeddings","completion_window":"24h"}"""), StringComparison.Ordinal);
        Assert.Contains("completion_window must be", await RefusedAsync($$"""{"input_file_id":"{{known}}","endpoint":"/v1/chat/completions","completion_window":"1h"}"""), StringComparison.Ordinal);
        Assert.Contains("unknown model \"no-such-model\"", await RefusedAsync($$"""{"input_file_id":"{{unknown}}","endpoint":"/v1/chat/completions","completion_window":"24h"}"""), StringComparison.Ordinal);
        Assert.Contains("input_file_id is required", await RefusedAsync("""{"endpoint":"/v1/chat/completions","completion_window":"24h"}"""), StringComparison.Ordinal);
        var list = await BatchTesting.JsonAsync(await BatchTesting.SendAsync(gateway, HttpMethod.Get, "/v1/batches", key));
        Assert.Equal(0, list.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task A_batch_whose_worst_case_does_not_fit_the_budget_is_refused_with_429_and_nothing_is_submitted()
    {
        const string budgets = """, "budgets": { "limits": [ { "id": "tight", "scope": "key", "subject": "tight", "window": "monthly", "usd": 0.01 } ] }""";
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", extraJson: BatchTesting.FastBatches + budgets);
        var key = await BatchTesting.KeyAsync(gateway, "tight");
        var big = (await BatchTesting.JsonAsync(await BatchTesting.UploadAsync(gateway, key, BatchTesting.ChatLines(1000).Replace("\"max_tokens\":50", "\"max_tokens\":4000", StringComparison.Ordinal)))).GetProperty("id").GetString();

        var refused = await BatchTesting.SendAsync(gateway, HttpMethod.Post, "/v1/batches", key, $$"""{"input_file_id":"{{big}}","endpoint":"/v1/chat/completions","completion_window":"24h"}""");
        var text = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("budget_exceeded", JsonDocument.Parse(text).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("1000 lines need up to $", text, StringComparison.Ordinal);
        Assert.Equal(0, (await BatchTesting.JsonAsync(await BatchTesting.SendAsync(gateway, HttpMethod.Get, "/v1/batches", key))).GetProperty("data").GetArrayLength());

        // A batch that fits is accepted: the refused one released every reservation it had made.
        var id = await BatchTesting.SubmitAsync(gateway, key, BatchTesting.ChatLines(3));
        Assert.Equal(3, (await BatchTesting.WaitForStatusAsync(gateway, key, id, "completed")).Count("completed"));
    }

    [Fact]
    public async Task Batches_are_listed_newest_first_with_after_and_limit_and_deferred_jobs_are_not_listed()
    {
        var observer = new RecordingLineObserver();
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", extraJson: BatchTesting.FastBatches,
            configureServices: services => services.AddSingleton<IBatchLineObserver>(observer));
        var key = await BatchTesting.KeyAsync(gateway, "pages");
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await BatchTesting.SubmitAsync(gateway, key, BatchTesting.ChatLines(1, prefix: "p" + i)));
        }

        var jobs = gateway.App.Services.GetRequiredService<IBatchJobs>();
        var store = gateway.App.Services.GetRequiredService<Frugal.Storage.Sqlite.Batching.SqliteBatchStore>();
        var owner = store.FindJob(created[0])!;
        var deferred = await jobs.SubmitAsync(new BatchJobRequest(
            new Tenant(owner.KeyId, owner.KeyName, owner.Team, owner.Tags), "/v1/chat/completions",
            [new ProviderBatchLine("d-1", Encoding.UTF8.GetBytes("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"later"}]}"""))],
            "deferred", new Dictionary<string, string>()), CancellationToken.None);
        Assert.NotNull(deferred.BatchId);

        var first = await BatchTesting.JsonAsync(await BatchTesting.SendAsync(gateway, HttpMethod.Get, "/v1/batches?limit=2", key));
        var second = await BatchTesting.JsonAsync(await BatchTesting.SendAsync(gateway, HttpMethod.Get, $"/v1/batches?limit=2&after={first.GetProperty("last_id").GetString()}", key));
        var third = await BatchTesting.JsonAsync(await BatchTesting.SendAsync(gateway, HttpMethod.Get, $"/v1/batches?limit=2&after={second.GetProperty("last_id").GetString()}", key));

        static List<string> Ids(JsonElement page) => [.. page.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("id").GetString()!)];
        Assert.Equal(Enumerable.Reverse(created), Ids(first).Concat(Ids(second)).Concat(Ids(third)));
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.True(second.GetProperty("has_more").GetBoolean());
        Assert.False(third.GetProperty("has_more").GetBoolean());
        Assert.Equal(created[4], first.GetProperty("first_id").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await BatchTesting.SendAsync(gateway, HttpMethod.Get, "/v1/batches?limit=0", key)).StatusCode);

        // The deferred job runs like any other, is readable by id, and its line is announced once.
        await BatchTesting.WaitForStatusAsync(gateway, key, deferred.BatchId!, "completed");
        var outcome = await jobs.FindLineAsync(deferred.BatchId!, "d-1", CancellationToken.None);
        Assert.NotNull(outcome);
        Assert.Equal(200, outcome.StatusCode);
        Assert.True(outcome.CostUsd > 0);
        await Eventually.UntilAsync(() => observer.Seen.Count >= 6);
        Assert.Single(observer.Seen, o => o.BatchId == deferred.BatchId);
        Assert.Equal(6, observer.Seen.Select(o => (o.BatchId, o.CustomId)).Distinct().Count());
    }

    [Fact]
    public async Task Jobs_refuse_duplicate_custom_ids_and_mixed_models_naming_the_lines()
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", extraJson: BatchTesting.FastBatches);
        var jobs = gateway.App.Services.GetRequiredService<IBatchJobs>();
        static ProviderBatchLine Line(string id, string model) => new(id, Encoding.UTF8.GetBytes($$"""{"model":"{{model}}","messages":[]}"""));

        var refused = await jobs.SubmitAsync(new BatchJobRequest(Tenant.Anonymous, "/v1/chat/completions",
            [Line("a", "gpt-4o-mini"), Line("a", "gpt-4o-mini"), Line("b", "claude-sonnet-4")], "deferred", new Dictionary<string, string>()), CancellationToken.None);

        Assert.Null(refused.BatchId);
        Assert.Equal(400, refused.Error!.StatusCode);
        Assert.Contains("line 2: duplicate custom_id \"a\"", refused.Error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3: model \"claude-sonnet-4\" differs", refused.Error.Message, StringComparison.Ordinal);
    }
}
