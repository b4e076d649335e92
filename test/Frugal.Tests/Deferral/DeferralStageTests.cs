using Frugal.Core.Deferral;
using Frugal.Core.Pipeline;
using Frugal.Tests.Pipeline;

namespace Frugal.Tests.Deferral;

public sealed class DeferralStageTests : IDisposable
{
    private readonly StageHarness _harness = new();
    private readonly DeferralStoreFixture _db = new();
    private readonly DeferralPolicy _policy = new(new DeferralConfig { Enabled = true });

    private IGatewayHandler Pipeline(bool batches = true, bool signed = true)
        => _harness.Build(b => b.Use(inner => new DeferralHandler(inner, _policy, _db.Store, batches, signed, null, _harness.Clock)));

    private GatewayRequest Deferred(bool stream = false, string? webhook = null)
    {
        var request = _harness.Request(stream: stream, text: "summarise last night's tickets");
        var headers = new Dictionary<string, string> { ["x-frugal-defer"] = "24h" };
        if (webhook is not null)
        {
            headers["x-frugal-defer-webhook"] = webhook;
        }

        request.Headers = headers;
        return request;
    }

    [Fact]
    public async Task A_deferred_call_is_stored_not_sent_and_its_ledger_row_costs_nothing()
    {
        var request = Deferred();
        var result = await Pipeline().SendAsync(request, CancellationToken.None);

        Assert.True(result.IsSuccess);
        Assert.Equal(0, _harness.Provider.Sends);
        var feature = request.Features.Get<DeferralFeature>();
        Assert.NotNull(feature);
        Assert.True(DeferredIds.IsWellFormed(feature.Id));
        Assert.Equal("/v1/deferred/" + feature.Id, feature.Location);
        Assert.Empty(result.Value.Response.Choices); // nothing a cache could store
        var stored = _db.Store.Find(feature.Id, Tenant.Anonymous.KeyId);
        Assert.NotNull(stored);
        Assert.Equal(DeferredStatus.Pending, stored.Status);
        Assert.Contains("summarise last night", System.Text.Encoding.UTF8.GetString(stored.Body), StringComparison.Ordinal);

        var entry = Assert.Single(_harness.Sink.Entries);
        Assert.Equal(0m, entry.CostUsd);
        Assert.Contains("deferred", entry.Tags);
        Assert.Contains("deferred:" + feature.Id, entry.Tags);
    }

    [Fact]
    public async Task Calls_without_deferral_pass_through()
    {
        var request = _harness.Request(stream: false);
        var result = await Pipeline().SendAsync(request, CancellationToken.None);
        Assert.True(result.IsSuccess);
        Assert.Equal(1, _harness.Provider.Sends);
        Assert.Null(request.Features.Get<DeferralFeature>());
    }

    [Fact]
    public async Task A_call_privacy_masked_is_answered_now_because_its_result_could_not_be_restored_later()
    {
        var request = Deferred();
        request.Features.Set(new Frugal.Core.Privacy.PrivacyFeature(new Frugal.Core.Privacy.PiiMaskResult
        {
            Map = new Frugal.Core.Privacy.PlaceholderMap(),
            Counts = new Dictionary<string, int> { ["EMAIL_ADDRESS"] = 1 },
            Blocked = [],
            Actions = new Dictionary<string, Frugal.Core.Privacy.PiiAction>(),
        }));
        var result = await Pipeline().SendAsync(request, CancellationToken.None);
        Assert.True(result.IsSuccess);
        Assert.Equal(1, _harness.Provider.Sends);
        Assert.Null(request.Features.Get<DeferralFeature>());
        Assert.Empty(_db.Store.PendingGroups(10));
    }

    [Fact]
    public async Task A_streaming_call_cannot_be_deferred()
    {
        var result = await Pipeline().StreamAsync(Deferred(stream: true), CancellationToken.None);
        Assert.False(result.IsSuccess);
        Assert.Equal(400, result.Error.StatusCode);
        Assert.Equal("defer_stream_unsupported", result.Error.Code);
        Assert.Equal(0, _harness.Provider.Streams);
    }

    [Fact]
    public async Task Without_batch_jobs_deferral_is_refused_not_run_at_full_price()
    {
        var result = await Pipeline(batches: false).SendAsync(Deferred(), CancellationToken.None);
        Assert.False(result.IsSuccess);
        Assert.Equal(501, result.Error.StatusCode);
        Assert.Equal("deferral_unavailable", result.Error.Code);
        Assert.Equal(0, _harness.Provider.Sends);
    }

    [Fact]
    public async Task A_webhook_without_a_signing_secret_is_refused()
    {
        var result = await Pipeline(signed: false).SendAsync(Deferred(webhook: "https://hooks.example.test/x"), CancellationToken.None);
        Assert.False(result.IsSuccess);
        Assert.Equal("defer_webhook_unavailable", result.Error.Code);
        Assert.Empty(_db.Store.PendingGroups(10));
    }

    public void Dispose()
    {
        _harness.Dispose();
        _db.Dispose();
    }
}
