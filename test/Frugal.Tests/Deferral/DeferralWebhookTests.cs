using System.Text.Json;
using Frugal.Core.Deferral;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Frugal.Tests.Deferral;

public sealed class DeferralWebhookTests : IDisposable
{
    private const string Secret = "whsec-test-0123456789";

    private readonly DeferralStoreFixture _db = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));

    private DeferralWebhookSender Sender(int maxAttempts = 5) => new(
        new DeferralConfig
        {
            Enabled = true,
            Webhook = new DeferralWebhookConfig { Secret = Secret, MaxAttempts = maxAttempts, InitialBackoff = TimeSpan.FromSeconds(10) },
        },
        _db.Store,
        _time,
        NullLogger<DeferralWebhookSender>.Instance);

    private DeferredCall Finished(Uri webhook)
    {
        var call = DeferralStoreFixture.Call(_time.GetUtcNow(), webhook: webhook);
        _db.Store.Add(call);
        _db.Store.Claim(call.KeyId, call.Model, "dsub_w", 10, _time.GetUtcNow());
        _db.Store.MarkSubmitted("dsub_w", "batch_w", _time.GetUtcNow());
        Assert.True(_db.Store.Finish(call.Id, "batch_w", 200, """{"id":"chatcmpl-9","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"<b>hi</b>"},"finish_reason":"stop"}]}"""u8.ToArray(), 0.00042m, _time.GetUtcNow()));
        return call;
    }

    [Fact]
    public async Task A_signed_webhook_is_retried_with_backoff_until_a_2xx()
    {
        using var receiver = new WebhookReceiver(500, 500);
        using var sender = Sender();
        var call = Finished(receiver.Url);

        Assert.Equal(0, await sender.DeliverDueAsync(CancellationToken.None));
        Assert.Single(receiver.Deliveries);
        Assert.Equal(0, await sender.DeliverDueAsync(CancellationToken.None)); // not due again before the backoff (10 s ± 20 %)

        _time.Advance(TimeSpan.FromSeconds(12));
        Assert.Equal(0, await sender.DeliverDueAsync(CancellationToken.None));
        Assert.Equal(2, receiver.Deliveries.Count);
        _time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(0, await sender.DeliverDueAsync(CancellationToken.None)); // second wait is 20 s ± 20 %: at least 16 s
        Assert.Equal(2, receiver.Deliveries.Count);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, await sender.DeliverDueAsync(CancellationToken.None));
        Assert.Equal([500, 500, 200], receiver.Deliveries.Select(d => d.AnsweredWith));

        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await sender.DeliverDueAsync(CancellationToken.None)); // delivered: never sent again
        Assert.Equal(3, receiver.Deliveries.Count);

        foreach (var delivery in receiver.Deliveries)
        {
            Assert.Equal(call.Id, delivery.DeferredId);
            Assert.StartsWith("application/json", delivery.ContentType, StringComparison.Ordinal);
            Assert.True(WebhookSignature.Verify(Secret, delivery.Timestamp, delivery.Body, delivery.Signature, _time.GetUtcNow(), TimeSpan.FromHours(2)));
            Assert.False(WebhookSignature.Verify("wrong-secret", delivery.Timestamp, delivery.Body, delivery.Signature, _time.GetUtcNow(), TimeSpan.FromHours(2)));
            using var envelope = JsonDocument.Parse(delivery.Body);
            Assert.Equal(call.Id, envelope.RootElement.GetProperty("id").GetString());
            Assert.Equal("completed", envelope.RootElement.GetProperty("status").GetString());
            Assert.Equal(200, envelope.RootElement.GetProperty("status_code").GetInt32());
            Assert.Equal(0.00042m, envelope.RootElement.GetProperty("cost_usd").GetDecimal());
            Assert.Equal("<b>hi</b>", envelope.RootElement.GetProperty("response").GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        }
    }

    [Fact]
    public async Task Delivery_stops_after_max_attempts_and_survives_a_restart()
    {
        using var receiver = new WebhookReceiver(503, 503, 503, 503);
        var call = Finished(receiver.Url);
        using (var sender = Sender(maxAttempts: 3))
        {
            await sender.DeliverDueAsync(CancellationToken.None);
        }

        Assert.Equal(1, _db.Store.Find(call.Id, call.KeyId)!.WebhookAttempts);

        // A restarted gateway continues the durable schedule instead of starting it over.
        using var restarted = new DeferralWebhookSender(
            new DeferralConfig { Enabled = true, Webhook = new DeferralWebhookConfig { Secret = Secret, MaxAttempts = 3 } }, _db.Open(), _time, NullLogger<DeferralWebhookSender>.Instance);
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(5));
            await restarted.DeliverDueAsync(CancellationToken.None);
        }

        Assert.Equal(3, receiver.Deliveries.Count);
        Assert.Empty(_db.Store.DueWebhooks(_time.GetUtcNow().AddDays(1), 10));
    }

    [Fact]
    public async Task An_unreachable_webhook_is_retried_like_a_5xx()
    {
        using var sender = Sender();
        using var refused = new Infrastructure.RefusedPort();
        var call = Finished(new Uri($"http://127.0.0.1:{refused.Port}/hook"));
        await sender.DeliverDueAsync(CancellationToken.None);
        Assert.Equal(1, _db.Store.Find(call.Id, call.KeyId)!.WebhookAttempts);
        Assert.Single(_db.Store.DueWebhooks(_time.GetUtcNow().AddMinutes(1), 10));
    }

    public void Dispose() => _db.Dispose();
}
