using System.Net;
using System.Text;
using System.Text.Json;
using Frugal.Core.Batching;
using Frugal.Core.Pipeline;
using Frugal.Core.Privacy;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Tests.Batching;

/// <summary>
/// Batch lines are never masked (they skip the privacy stage), so with privacy on a job whose lines carry personal
/// data the policy acts on is refused at creation, naming the lines and entity types, never the values.
/// </summary>
public sealed class BatchPrivacyTests
{
    private const string Email = "li.wei@example.cn";

    private static string File()
    {
        var lines = BatchTesting.ChatLines(3).Split('\n');
        lines[1] = lines[1].Replace("Question number 1?", $"Write to {Email} please", StringComparison.Ordinal);
        return string.Join('\n', lines);
    }

    private static async Task<HttpResponseMessage> CreateAsync(TestGateway gateway, string key)
    {
        var file = await BatchTesting.JsonAsync(await BatchTesting.UploadAsync(gateway, key, File()));
        return await BatchTesting.SendAsync(gateway, HttpMethod.Post, "/v1/batches", key,
            $$"""{"input_file_id":"{{file.GetProperty("id").GetString()}}","endpoint":"/v1/chat/completions","completion_window":"24h"}""");
    }

    [Fact]
    public async Task A_line_with_an_email_refuses_the_job_naming_the_line_and_type_and_nothing_is_submitted()
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", extraJson: BatchTesting.FastBatches + """, "privacy": { "enabled": true }""");
        var key = await BatchTesting.KeyAsync(gateway, "private");

        var response = await CreateAsync(gateway, key);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal("invalid_batch_file", error.GetProperty("code").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("line 2: contains personal data (EMAIL_ADDRESS); batch lines are not masked", message, StringComparison.Ordinal);
        Assert.DoesNotContain("line 1:", message, StringComparison.Ordinal);
        Assert.DoesNotContain("line 3:", message, StringComparison.Ordinal);
        Assert.DoesNotContain(Email, body, StringComparison.Ordinal);
        Assert.DoesNotContain("li.wei", body, StringComparison.Ordinal);
        var list = await BatchTesting.JsonAsync(await BatchTesting.SendAsync(gateway, HttpMethod.Get, "/v1/batches", key));
        Assert.Equal(0, list.GetProperty("data").GetArrayLength());
        await Task.Delay(100); // a few coordinator ticks: nothing to run
        Assert.Equal(0, gateway.Mock.Stats.TotalRequests);
    }

    [Fact]
    public async Task The_same_file_is_accepted_with_privacy_disabled()
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", extraJson: BatchTesting.FastBatches);
        var key = await BatchTesting.KeyAsync(gateway, "public");

        var batch = await BatchTesting.JsonAsync(await CreateAsync(gateway, key));

        var done = await BatchTesting.WaitForStatusAsync(gateway, key, batch.GetProperty("id").GetString()!, "completed");
        Assert.Equal(3, done.Count("completed"));
    }

    [Fact]
    public async Task The_same_file_is_accepted_when_the_policy_for_that_model_is_off()
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys",
            extraJson: BatchTesting.FastBatches + """, "privacy": { "enabled": true, "providers": { "mock": { "mode": "off" } } }""");
        var key = await BatchTesting.KeyAsync(gateway, "local");

        var batch = await BatchTesting.JsonAsync(await CreateAsync(gateway, key));

        var done = await BatchTesting.WaitForStatusAsync(gateway, key, batch.GetProperty("id").GetString()!, "completed");
        Assert.Equal(3, done.Count("completed"));
    }

    [Fact]
    public async Task Embeddings_input_strings_are_checked_and_a_failing_scan_refuses_the_job()
    {
        await using (var gateway = await TestGateway.StartAsync(authMode: "keys", extraJson: BatchTesting.FastBatches + """, "privacy": { "enabled": true }"""))
        {
            var jobs = gateway.App.Services.GetRequiredService<IBatchJobs>();
            var refused = await jobs.SubmitAsync(Embeddings(), CancellationToken.None);

            Assert.Null(refused.BatchId);
            Assert.Equal(400, refused.Error!.StatusCode);
            Assert.Contains("line 2: contains personal data (EMAIL_ADDRESS)", refused.Error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Email, refused.Error.Message, StringComparison.Ordinal);
        }

        await using (var gateway = await TestGateway.StartAsync(authMode: "keys", extraJson: BatchTesting.FastBatches + """, "privacy": { "enabled": true }""",
            configureServices: services => services.AddSingleton<IPiiMasker>(new ThrowingMasker())))
        {
            var jobs = gateway.App.Services.GetRequiredService<IBatchJobs>();
            var refused = await jobs.SubmitAsync(Embeddings(), CancellationToken.None);

            Assert.Null(refused.BatchId);
            Assert.Equal(422, refused.Error!.StatusCode);
            Assert.Equal("pii_masking_failed", refused.Error.Code);
            Assert.Contains("line 1", refused.Error.Message, StringComparison.Ordinal);
            Assert.Equal(0, gateway.Mock.Stats.TotalRequests);
        }
    }

    private static BatchJobRequest Embeddings()
    {
        static ProviderBatchLine Line(string id, string input)
            => new(id, Encoding.UTF8.GetBytes($$"""{"model":"gpt-4o-mini","input":["plain text", "{{input}}"]}"""));
        return new BatchJobRequest(Tenant.Anonymous, "/v1/embeddings", [Line("a", "nothing here"), Line("b", "mail " + Email)], "deferred", new Dictionary<string, string>());
    }

    private sealed class ThrowingMasker : IPiiMasker
    {
        public PiiMaskResult Mask(GatewayRequest request, PrivacyPolicy policy) => throw new InvalidOperationException("detector exploded");
    }
}
