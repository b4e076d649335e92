using Frugal.Core.Deferral;
using Frugal.Core.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Frugal.Tests.Deferral;

public sealed class DeferralGathererTests : IDisposable
{
    private readonly DeferralStoreFixture _db = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeBatchJobs _jobs = new();
    private readonly DeferralConfig _config = new() { Enabled = true, MaxBatchSize = 3, MaxAge = TimeSpan.FromMinutes(10) };

    private DeferralGatherer Gatherer(IDeferredStore? store = null) => new(_config, store ?? _db.Store, _jobs, _time, NullLogger<DeferralGatherer>.Instance);

    private DeferredCall Add(string keyId = "key-1", string model = "gpt-4o-mini")
    {
        var call = DeferralStoreFixture.Call(_time.GetUtcNow(), keyId, model);
        _db.Store.Add(call);
        return call;
    }

    [Fact]
    public async Task Nothing_is_submitted_before_the_size_or_age_is_reached()
    {
        using var gatherer = Gatherer();
        Add();
        Add();
        await gatherer.RunOnceAsync(CancellationToken.None);
        Assert.Empty(_jobs.Submissions);

        _time.Advance(TimeSpan.FromMinutes(10));
        await gatherer.RunOnceAsync(CancellationToken.None);
        var (batchId, request) = Assert.Single(_jobs.Submissions);
        Assert.Equal(2, request.Lines.Count);
        Assert.Equal("deferred", request.Origin);
        Assert.Equal("/v1/chat/completions", request.Endpoint);
        Assert.Equal("key-1", request.Tenant.KeyId);
        Assert.Equal("team", request.Tenant.Team);
        Assert.All(request.Lines, line => Assert.Equal(DeferredStatus.Submitted, _db.Store.Find(line.CustomId, "key-1")!.Status));
        Assert.All(request.Lines, line => Assert.Equal(batchId, _db.Store.Find(line.CustomId, "key-1")!.BatchId));
    }

    [Fact]
    public async Task Full_groups_go_at_once_split_by_key_and_model_and_capped_at_the_batch_size()
    {
        using var gatherer = Gatherer();
        for (var i = 0; i < 7; i++)
        {
            Add();
        }

        Add(keyId: "key-2");
        Add(model: "claude-sonnet-4");
        await gatherer.RunOnceAsync(CancellationToken.None);

        // 7 calls of one key and model: two full batches of 3 now; the 7th, and the other groups, wait for maxAge.
        Assert.Equal([3, 3], _jobs.Submissions.Select(s => s.Request.Lines.Count));
        Assert.All(_jobs.Submissions, s => Assert.Equal("key-1", s.Request.Tenant.KeyId));
        _time.Advance(TimeSpan.FromMinutes(11));
        await gatherer.RunOnceAsync(CancellationToken.None);
        Assert.Equal(5, _jobs.Submissions.Count);
        Assert.Single(_jobs.Submissions, s => s.Request.Tenant.KeyId == "key-2");
        Assert.Equal(9, _jobs.Submissions.Sum(s => s.Request.Lines.Count));
        Assert.Equal(9, _jobs.Submissions.SelectMany(s => s.Request.Lines).Select(l => l.CustomId).Distinct().Count());
    }

    [Fact]
    public async Task A_failed_submit_is_retried_under_the_same_submission_id_and_never_duplicated()
    {
        using var gatherer = Gatherer();
        var calls = new[] { Add(), Add(), Add() };
        _jobs.Throw = true;
        await gatherer.RunOnceAsync(CancellationToken.None);
        Assert.Empty(_jobs.Submissions);
        Assert.All(calls, c => Assert.Equal(DeferredStatus.Submitting, _db.Store.Find(c.Id, "key-1")!.Status));
        var submissionId = _db.Store.Find(calls[0].Id, "key-1")!.SubmissionId;

        // A restart: a new gatherer over the same file finds the interrupted submission and submits it once.
        _jobs.Throw = false;
        using var restarted = Gatherer(_db.Open());
        await restarted.RunOnceAsync(CancellationToken.None);
        await restarted.RunOnceAsync(CancellationToken.None);
        var (_, request) = Assert.Single(_jobs.Submissions);
        Assert.Equal(submissionId, request.Metadata[DeferralGatherer.SubmissionMetadataKey]);
        Assert.Equal(calls.Select(c => c.Id).Order(StringComparer.Ordinal), request.Lines.Select(l => l.CustomId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Pending_calls_are_gathered_after_a_restart_and_submitted_calls_are_not_submitted_again()
    {
        using (var gatherer = Gatherer())
        {
            Add();
            Add();
            Add();
            await gatherer.RunOnceAsync(CancellationToken.None);
        }

        Add();
        _time.Advance(TimeSpan.FromMinutes(10));
        using var restarted = Gatherer(_db.Open());
        await restarted.RunOnceAsync(CancellationToken.None);
        Assert.Equal([3, 1], _jobs.Submissions.Select(s => s.Request.Lines.Count));
    }

    [Fact]
    public async Task Reconciliation_finishes_lines_that_ended_while_nobody_was_told()
    {
        using var gatherer = Gatherer();
        var call = Add();
        Add();
        Add();
        await gatherer.RunOnceAsync(CancellationToken.None);
        var (batchId, _) = Assert.Single(_jobs.Submissions);
        await _jobs.FinishAsync(batchId, call.Id, 200, """{"id":"chatcmpl-1","object":"chat.completion","choices":[]}"""u8.ToArray(), 0.0001m, tellObservers: false);

        using var restarted = Gatherer(_db.Open());
        Assert.Equal(1, await restarted.ReconcileAsync(CancellationToken.None));
        var finished = _db.Store.Find(call.Id, "key-1")!;
        Assert.Equal(DeferredStatus.Completed, finished.Status);
        Assert.Equal(0.0001m, finished.CostUsd);
        Assert.Equal(0, await restarted.ReconcileAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_refused_submission_ends_every_call_with_the_error()
    {
        using var gatherer = Gatherer();
        var calls = new[] { Add(), Add(), Add() };
        _jobs.RefuseWith = new GatewayError(GatewayErrorKind.InvalidRequest, 429, "Budget 'b' is exhausted", "budget_exceeded", "budget_exceeded");
        await gatherer.RunOnceAsync(CancellationToken.None);
        Assert.All(calls, c =>
        {
            var stored = _db.Store.Find(c.Id, "key-1")!;
            Assert.Equal(DeferredStatus.Failed, stored.Status);
            Assert.Equal(429, stored.ResultStatus);
            Assert.Contains("budget_exceeded", System.Text.Encoding.UTF8.GetString(stored.ResultBody!), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void The_store_moves_a_call_forward_once_and_only_for_its_own_key_and_batch()
    {
        var call = Add();
        Assert.Null(_db.Store.Find(call.Id, "key-2"));
        var claimed = _db.Store.Claim("key-1", "gpt-4o-mini", "dsub_1", 10, _time.GetUtcNow());
        Assert.Single(claimed);
        Assert.Empty(_db.Store.Claim("key-1", "gpt-4o-mini", "dsub_2", 10, _time.GetUtcNow()));
        _db.Store.MarkSubmitted("dsub_1", "batch_a", _time.GetUtcNow());
        Assert.False(_db.Store.Finish(call.Id, "batch_other", 200, [], null, _time.GetUtcNow()));
        Assert.True(_db.Store.Finish(call.Id, "batch_a", 500, "{}"u8.ToArray(), null, _time.GetUtcNow()));
        Assert.False(_db.Store.Finish(call.Id, "batch_a", 200, [], null, _time.GetUtcNow()));
        Assert.Equal(DeferredStatus.Failed, _db.Store.Find(call.Id, "key-1")!.Status);

        _time.Advance(TimeSpan.FromDays(8));
        Assert.Equal(1, _db.Store.DeleteFinishedBefore(_time.GetUtcNow() - TimeSpan.FromDays(7), 100));
        Assert.Null(_db.Store.Find(call.Id, "key-1"));
    }

    public void Dispose() => _db.Dispose();
}
