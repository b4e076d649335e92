using Frugal.Core.Routing.Failover;
using Frugal.Core.Routing.Routes;
using Frugal.Tests.Infrastructure;
using static Frugal.Tests.Routing.RoutingTestData;

namespace Frugal.Tests.Routing;

/// <summary>The per-provider circuit breaker: a unit test on a hand-moved clock, and one through the gateway.</summary>
public sealed class CircuitBreakerTests
{
    private static readonly CircuitBreakerOptions Options = new() { FailureThreshold = 3, CoolDown = TimeSpan.FromSeconds(30) };

    [Fact]
    public void Opens_after_consecutive_failures_skips_half_opens_for_one_probe_and_closes_on_success()
    {
        var clock = new ManualClock();
        var breaker = new CircuitBreaker(Options, clock);

        breaker.OnFailure();
        breaker.OnFailure();
        Assert.Equal(CircuitAdmission.Allowed, breaker.TryEnter());
        breaker.OnSuccess(); // a success in between resets the count
        breaker.OnFailure();
        breaker.OnFailure();
        Assert.Equal(CircuitState.Closed, breaker.State);
        breaker.OnFailure();
        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.Equal(CircuitAdmission.Rejected, breaker.TryEnter());

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(CircuitAdmission.Rejected, breaker.TryEnter());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(CircuitAdmission.Probe, breaker.TryEnter());
        Assert.Equal(CircuitState.HalfOpen, breaker.State);
        Assert.Equal(CircuitAdmission.Rejected, breaker.TryEnter()); // only ONE probe at a time

        breaker.OnSuccess();
        Assert.Equal(CircuitState.Closed, breaker.State);
        Assert.Equal(CircuitAdmission.Allowed, breaker.TryEnter());
    }

    [Fact]
    public void A_failed_probe_opens_the_circuit_for_another_cool_down()
    {
        var clock = new ManualClock();
        var breaker = new CircuitBreaker(Options, clock);
        for (var i = 0; i < 3; i++)
        {
            breaker.OnFailure();
        }

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(CircuitAdmission.Probe, breaker.TryEnter());
        breaker.OnFailure();

        Assert.Equal(CircuitState.Open, breaker.State);
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(CircuitAdmission.Rejected, breaker.TryEnter());
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(CircuitAdmission.Probe, breaker.TryEnter());
    }

    [Fact]
    public void An_abandoned_probe_lets_the_next_attempt_probe_at_once()
    {
        var clock = new ManualClock();
        var breaker = new CircuitBreaker(Options, clock);
        for (var i = 0; i < 3; i++)
        {
            breaker.OnFailure();
        }

        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(CircuitAdmission.Probe, breaker.TryEnter());
        breaker.OnAbandoned(CircuitAdmission.Probe);

        Assert.Equal(CircuitAdmission.Probe, breaker.TryEnter());
    }

    [Fact]
    public async Task Through_the_gateway_an_open_circuit_skips_the_provider_and_a_probe_closes_it()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow); // the cool-down passes when the test says so
        await using var gateway = await TestGateway.StartAsync(
            extraProviders: """, "flaky": { "kind": "openai", "baseUrl": "{mockUrl}/v1", "maxRetries": 0, "timeoutSeconds": 5 }""",
            extraJson: """
                , "routes": { "guarded": { "targets": ["flaky/gpt-4o", "claude-sonnet-4"] } },
                  "routing": { "circuitBreaker": { "failureThreshold": 2, "coolDownSeconds": 1 } }
                """,
            time: clock);
        int FlakyCalls(string marker) => gateway.Mock.RecentRequests.Count(r => r.Body.Contains(marker, StringComparison.Ordinal) && r.Body.Contains("\"gpt-4o\"", StringComparison.Ordinal));

        // Two failures in a row (each failed over to claude) open flaky's circuit.
        for (var i = 1; i <= 2; i++)
        {
            using var failing = await gateway.PostJsonAsync("/v1/chat/completions", Chat("guarded", $"[[fault:503:model=gpt-4o]] cb-{i}"));
            Assert.Equal("claude-sonnet-4-20250514", Header(failing, "x-frugal-model"));
            Assert.Equal(1, FlakyCalls($"cb-{i}"));
        }

        using (var skipped = await gateway.PostJsonAsync("/v1/chat/completions", Chat("guarded", "cb-3 healthy again")))
        {
            Assert.Equal("claude-sonnet-4-20250514", Header(skipped, "x-frugal-model"));
            Assert.EndsWith("skipped=flaky", Route(skipped), StringComparison.Ordinal);
            Assert.Equal(0, FlakyCalls("cb-3"));
            var entry = await LedgerEntryAsync(gateway, skipped);
            Assert.Equal(1, entry.Long("attempts")); // the skipped provider was never called
        }

        // After the cool-down one probe goes through; it fails, so the circuit opens again.
        clock.Advance(TimeSpan.FromSeconds(1.3));
        using (var probe = await gateway.PostJsonAsync("/v1/chat/completions", Chat("guarded", "[[fault:503:model=gpt-4o]] cb-4")))
        {
            Assert.Equal(1, FlakyCalls("cb-4"));
            Assert.Equal("claude-sonnet-4-20250514", Header(probe, "x-frugal-model"));
        }

        using (var reopened = await gateway.PostJsonAsync("/v1/chat/completions", Chat("guarded", "cb-5")))
        {
            Assert.Equal(0, FlakyCalls("cb-5"));
            Assert.Contains("skipped=flaky", Route(reopened), StringComparison.Ordinal);
        }

        // Next cool-down: the probe succeeds and closes the circuit; traffic flows to flaky again.
        clock.Advance(TimeSpan.FromSeconds(1.3));
        using (var healed = await gateway.PostJsonAsync("/v1/chat/completions", Chat("guarded", "cb-6")))
        {
            Assert.Equal("gpt-4o", Header(healed, "x-frugal-model"));
            Assert.Equal("guarded; reason=order", Route(healed));
        }

        using var after = await gateway.PostJsonAsync("/v1/chat/completions", Chat("guarded", "cb-7"));
        Assert.Equal("gpt-4o", Header(after, "x-frugal-model"));
    }
}
