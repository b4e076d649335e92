using System.Text;
using Frugal.Core.Batching;
using Frugal.Core.Deferral;
using Frugal.Core.Pipeline;
using Frugal.Server.Batching;
using Frugal.Storage.Sqlite.Batching;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Tests.Batching;

/// <summary>
/// Deferral's crash window: a group submitted again under the same submission id (its first answer was never recorded)
/// is the job already created, not a second one whose lines would run and be billed twice.
/// </summary>
public sealed class BatchSubmissionIdempotencyTests
{
    private static BatchJobRequest Request(Tenant tenant, string submission, string origin = BatchJobs.DeferredOrigin, params string[] customIds)
        => new(tenant, BatchEndpoints.ChatCompletions,
            [.. customIds.Select(id => new ProviderBatchLine(id, Encoding.UTF8.GetBytes($$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"later {{id}}"}]}""")))],
            origin, new Dictionary<string, string> { [DeferralGatherer.SubmissionMetadataKey] = submission });

    [Fact]
    public async Task The_same_deferral_submission_twice_is_one_job_whose_lines_run_and_are_billed_once()
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", extraJson: BatchTesting.FastBatches);
        var jobs = gateway.App.Services.GetRequiredService<IBatchJobs>();
        var store = gateway.App.Services.GetRequiredService<SqliteBatchStore>();
        var alice = new Tenant("key-alice", "alice", null, []);
        var bob = new Tenant("key-bob", "bob", null, []);

        var first = await jobs.SubmitAsync(Request(alice, "dsub_1", customIds: ["def_a", "def_b"]), CancellationToken.None);
        var again = await jobs.SubmitAsync(Request(alice, "dsub_1", customIds: ["def_a", "def_b"]), CancellationToken.None);
        var next = await jobs.SubmitAsync(Request(alice, "dsub_2", customIds: ["def_c"]), CancellationToken.None);
        var otherKey = await jobs.SubmitAsync(Request(bob, "dsub_1", customIds: ["def_d"]), CancellationToken.None);
        var api = await jobs.SubmitAsync(Request(alice, "dsub_1", BatchJobs.ApiOrigin, "x"), CancellationToken.None);

        Assert.NotNull(first.BatchId);
        Assert.Equal(first.BatchId, again.BatchId);
        Assert.Equal(first.BatchId, store.FindJobIdBySubmission("key-alice", "dsub_1"));
        Assert.Equal(4, new[] { first.BatchId, next.BatchId, otherKey.BatchId, api.BatchId }.Distinct().Count()); // only deferral's own submissions are merged, per key

        await Eventually.UntilAsync(() => Task.FromResult(store.PendingCount(first.BatchId!)), n => n == 0, TimeSpan.FromSeconds(20));
        var rows = await LedgerRows.WaitForAsync(gateway, 2, $"batch_id = '{first.BatchId}'");
        Assert.Equal(["def_a", "def_b"], rows.Select(r => r.Text("custom_id")).Order(StringComparer.Ordinal));
        Assert.Equal(2, store.FindJob(first.BatchId!)!.Total);
    }

    [Fact]
    public void The_store_returns_the_stored_job_for_a_repeated_submission_and_keeps_its_lines()
    {
        var store = new SqliteBatchStore(new Frugal.Storage.Sqlite.SqliteDatabase(Path.Combine(Frugal.Tests.Storage.Migrations.SqliteFixtures.NewDirectory(), "batches.db")));
        static BatchJobRecord Job(string id) => new()
        {
            Id = id,
            KeyId = "k",
            KeyName = "k",
            Tags = [],
            Origin = BatchJobs.DeferredOrigin,
            Endpoint = BatchEndpoints.ChatCompletions,
            RequestedModel = "m",
            Model = "m",
            Provider = "p",
            UpstreamModel = "m",
            Execution = BatchJobRecord.SynchronousExecution,
            RetryPolicy = BatchRetryPolicy.Batch,
            Status = BatchStatus.Validating,
            Metadata = new Dictionary<string, string>(),
            Total = 1,
            CreatedAt = DateTimeOffset.UnixEpoch,
            ExpiresAt = DateTimeOffset.UnixEpoch.AddHours(24),
        };

        Assert.Equal("batch_1", store.AddJob(Job("batch_1"), [new ProviderBatchLine("def_a", "{}"u8.ToArray())], "dsub_1"));
        Assert.Equal("batch_1", store.AddJob(Job("batch_2"), [new ProviderBatchLine("def_a", "{}"u8.ToArray())], "dsub_1"));
        Assert.Null(store.FindJob("batch_2"));
        Assert.Equal(1, store.PendingCount("batch_1"));
        Assert.Equal("batch_3", store.AddJob(Job("batch_3"), [new ProviderBatchLine("x", "{}"u8.ToArray())]));
        Assert.Equal("batch_4", store.AddJob(Job("batch_4"), [new ProviderBatchLine("x", "{}"u8.ToArray())]));
    }
}
