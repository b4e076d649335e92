using Frugal.Core.Accounting.Ledger;
using Frugal.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Core.Accounting;

public static class AccountingPipelineExtensions
{
    /// <summary>Outermost accounting stage: one ledger entry per request, cost and savings.</summary>
    public static GatewayPipelineBuilder UseLedger(this GatewayPipelineBuilder builder)
        => builder.Use((inner, services) => new LedgerHandler(inner, services.GetRequiredService<RequestLedger>()));

    /// <summary>Refuses unpriced models before dispatch when <c>prices.missingPolicy</c> is "reject".</summary>
    public static GatewayPipelineBuilder UsePriceGuard(this GatewayPipelineBuilder builder)
        => builder.Use((inner, services) => new PriceGuardHandler(inner, services.GetRequiredService<CostEngine>()));
}
