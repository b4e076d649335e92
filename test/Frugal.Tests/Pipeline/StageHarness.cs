using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Ledger;
using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Configuration;
using Frugal.Core.Diagnostics;
using Frugal.Core.Dispatch;
using Frugal.Core.Pipeline;
using Frugal.Core.Routing;
using Frugal.Protocol.OpenAI;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Frugal.Tests.Pipeline;

/// <summary>
/// Real stages over a real <see cref="DispatchHandler"/> whose upstream is a <see cref="FakeProvider"/>: the ledger
/// stage outermost, then a stand-in for routing (one fixed target), then the stages under test (per-attempt stages).
/// </summary>
public sealed class StageHarness : IDisposable
{
    public static readonly ProviderConfig ProviderConfig = new() { Name = "fake", BaseUrl = new Uri("http://127.0.0.1:9/"), MaxRetries = 0 };

    public static readonly RouteTarget Target = new(ProviderConfig, "gpt-4o-mini", "gpt-4o-mini");

    public StageHarness()
    {
        Costs = new CostEngine(new PriceBook(PriceCatalog.Embedded), Metrics, Clock);
        Ledger = new RequestLedger(Sink, Costs, new LedgerOptions(), new GatewayConfig(), Clock);
    }

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));

    public FakeProvider Provider { get; } = new();

    public RecordingLedgerSink Sink { get; } = new();

    public FrugalMetrics Metrics { get; } = new();

    public CostEngine Costs { get; }

    public RequestLedger Ledger { get; }

    /// <summary>Ledger → fixed target (where routing sits) → <paramref name="stages"/> (outermost first) → dispatch.</summary>
    public IGatewayHandler Build(Action<GatewayPipelineBuilder>? stages = null)
    {
        var builder = new GatewayPipelineBuilder().Use(inner => new LedgerHandler(inner, Ledger)).Use(inner => new FixedTarget(inner));
        stages?.Invoke(builder);
        using var services = new ServiceCollection().BuildServiceProvider();
        return builder.Build(new DispatchHandler(Provider, Clock, NullLogger<DispatchHandler>.Instance), services);
    }

    public GatewayRequest Request(bool stream = true, string text = "hi")
        => GatewayRequest.ForChat(
            $"req-{Guid.NewGuid():N}",
            Tenant.Anonymous,
            new ChatCompletionRequest
            {
                Model = "gpt-4o-mini",
                Stream = stream ? true : null,
                Messages = [new ChatMessage { Role = "user", Content = System.Text.Json.JsonSerializer.SerializeToElement(text, Frugal.Protocol.Json.ProtocolJson.Context.String) }],
            },
            Clock.GetTimestamp());

    public void Dispose() => Metrics.Dispose();

    /// <summary>Stands where routing sits: every attempt goes to <see cref="Target"/>.</summary>
    private sealed class FixedTarget(IGatewayHandler inner) : CheckingGatewayHandler(inner)
    {
        protected override GatewayError? Check(GatewayRequest request)
        {
            request.Features.GetOrAdd<RoutingFeature>().Target = Target;
            return null;
        }
    }
}
