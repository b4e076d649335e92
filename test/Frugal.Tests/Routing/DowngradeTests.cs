using System.Text.Json;
using Frugal.Core.Configuration.Live;
using Frugal.Core.Dispatch;
using Frugal.Core.Pipeline;
using Frugal.Core.Routing;
using Frugal.Protocol.Json;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Tests.Routing;

/// <summary>
/// The budget downgrade hook through the real routing and dispatch stages of a running gateway (and
/// MockUpstream): an outer stage sets <see cref="DowngradeRequest"/>, as the budgets
/// stage does, and routing answers with the route's next cheaper choice.
/// </summary>
public sealed class DowngradeTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(extraJson: """
        , "routes": {
            "auto": { "strategy": "complexity", "tiers": { "fast": "gpt-4o-mini", "balanced": "mock/gpt-4o", "powerful": "claude-sonnet-4" } },
            "smart": { "targets": ["claude-sonnet-4", "mock/gpt-4o"] }
          }
        """);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [InlineData("auto", "Prove the theorem and derive the architecture trade-off for a distributed system", "mock/gpt-4o", "claude-sonnet-4->mock/gpt-4o")]
    [InlineData("smart", "hello", "mock/gpt-4o", "claude-sonnet-4->mock/gpt-4o")]
    public async Task A_downgraded_request_gets_the_routes_next_cheaper_model(string route, string prompt, string expected, string step)
    {
        var request = Request(route, prompt);

        var result = await Pipeline("budget team:ml at 92%").SendAsync(request, CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(expected, request.Features.Get<RoutingFeature>()?.ResolvedModel);
        Assert.StartsWith("Mock reply from gpt-4o: ", result.Value.Response.Choices[0].Message.TextContent(), StringComparison.Ordinal);
        Assert.Contains($"reason=downgrade:budget team:ml at 92% ({step})", Uri.UnescapeDataString(request.Features.Get<RoutingFeature>()!.RouteHeader!), StringComparison.Ordinal); // "%" travels as %25
    }

    [Fact]
    public async Task Without_a_downgrade_the_same_requests_go_to_the_first_choice_and_a_plain_model_never_changes()
    {
        var routed = Request("auto", "Prove the theorem and derive the architecture trade-off for a distributed system");
        Assert.True((await Pipeline(null).SendAsync(routed, CancellationToken.None)).IsSuccess);
        Assert.Equal("claude-sonnet-4", routed.Features.Get<RoutingFeature>()?.ResolvedModel);

        var plain = Request("claude-sonnet-4", "hello");
        Assert.True((await Pipeline("budget").SendAsync(plain, CancellationToken.None)).IsSuccess);
        Assert.Equal("claude-sonnet-4", plain.Features.Get<RoutingFeature>()?.ResolvedModel);
        Assert.Null(plain.Features.Get<RoutingFeature>()?.RouteHeader);
    }

    private IGatewayHandler Pipeline(string? downgrade)
    {
        var services = _gateway.App.Services.GetRequiredService<ConfigGenerations>().Current; // the routing services of the running configuration
        return new GatewayPipelineBuilder()
            .Use(inner => new AskForDowngrade(inner, downgrade))
            .UseRouting()
            .Build(services.GetRequiredService<DispatchHandler>(), services);
    }

    private static GatewayRequest Request(string model, string prompt)
    {
        var chat = JsonSerializer.Deserialize($$"""{"model":"{{model}}","messages":[{"role":"user","content":"{{prompt}}"}]}""", ProtocolJson.Context.ChatCompletionRequest)!;
        return GatewayRequest.ForChat($"req-{Guid.NewGuid():N}", Tenant.Anonymous, chat, TimeProvider.System.GetTimestamp());
    }

    /// <summary>Stands where the budgets stage sits: asks routing to downgrade.</summary>
    private sealed class AskForDowngrade(IGatewayHandler inner, string? reason) : DelegatingGatewayHandler(inner)
    {
        public override ValueTask<GatewayResult<ChatCompletion>> SendAsync(GatewayRequest request, CancellationToken cancellationToken)
        {
            request.Features.Set(reason is null ? null : new DowngradeRequest(reason));
            return Inner.SendAsync(request, cancellationToken);
        }
    }
}
