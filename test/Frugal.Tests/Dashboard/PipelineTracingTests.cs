using System.Diagnostics;
using Frugal.Core.Diagnostics;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Dashboard;

/// <summary>One span per pipeline stage (ActivitySource "Frugal"), each tagged with the request id, nested in stage order.</summary>
public sealed class PipelineTracingTests : IDisposable
{
    private readonly StageSpans _spans = new();

    public void Dispose() => _spans.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Each_stage_has_one_span_with_the_request_id(bool stream)
    {
        await using var gateway = await TestGateway.StartAsync(extraJson: """, "cache": { "enabled": true }""");
        var body = $$"""{"model":"gpt-4o-mini","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"trace me {{Guid.NewGuid()}}"}]}""";
        using var response = await gateway.PostJsonAsync("/v1/chat/completions", body);
        _ = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode);
        var requestId = response.Headers.GetValues("x-frugal-request-id").Single();

        // Spans end when the stage returns; the ledger stage returns after the response has been written.
        var spans = await SpansAsync(requestId, 4);

        string[] outermostFirst = ["Ledger", "ExactCache", "Routing", "Dispatch"];
        Assert.Equal(outermostFirst.Order(), spans.Select(s => s.DisplayName).Order());
        for (var i = 1; i < outermostFirst.Length; i++)
        {
            var child = spans.Single(s => s.DisplayName == outermostFirst[i]);
            var parent = spans.Single(s => s.DisplayName == outermostFirst[i - 1]);
            Assert.Equal(parent.SpanId, child.ParentSpanId);
            Assert.Equal(parent.TraceId, child.TraceId);
        }

        Assert.All(spans, s => Assert.Equal(s.DisplayName, s.GetTagItem(FrugalTracing.StageTag)));
        Assert.Equal("mock/gpt-4o-mini", spans.Single(s => s.DisplayName == "Dispatch").GetTagItem("frugal.target"));
    }

    [Fact]
    public async Task A_failing_upstream_marks_the_spans_as_errors()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var response = await gateway.PostJsonAsync("/v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"[[fault:400]]"}]}""");
        var requestId = response.Headers.GetValues("x-frugal-request-id").Single();
        Assert.Equal(400, (int)response.StatusCode);

        var spans = await SpansAsync(requestId, 3);

        Assert.Equal(["Dispatch", "Ledger", "Routing"], spans.Select(s => s.DisplayName).Order());
        Assert.All(spans, s => Assert.Equal(ActivityStatusCode.Error, s.Status));
    }

    private Task<List<Activity>> SpansAsync(string requestId, int atLeast) => _spans.ForRequestAsync(requestId, atLeast);
}
