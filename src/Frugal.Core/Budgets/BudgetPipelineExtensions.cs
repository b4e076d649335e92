using Frugal.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Core.Budgets;

public static class BudgetPipelineExtensions
{
    /// <summary>Admission: rate limits, threshold blocks, downgrade (after the ledger, before caches).</summary>
    public static GatewayPipelineBuilder UseBudgets(this GatewayPipelineBuilder builder)
        => builder.Use((inner, services) => new BudgetAdmissionHandler(inner, services.GetRequiredService<BudgetGuard>()));

    /// <summary>Per-attempt reservation and settlement (after routing, before dispatch).</summary>
    public static GatewayPipelineBuilder UseBudgetReservation(this GatewayPipelineBuilder builder)
        => builder.Use((inner, services) => new BudgetReservationHandler(inner, services.GetRequiredService<BudgetGuard>(), services.GetRequiredService<BudgetPricing>()));

    /// <summary>Evaluation calls: the key's budgets as a ticket (no rate limits, no threshold blocks), then the same reservation and settlement as client attempts.</summary>
    public static GatewayPipelineBuilder UseEvaluationBudgets(this GatewayPipelineBuilder builder)
        => builder.Use((inner, services) => new EvaluationBudgetHandler(inner, services.GetRequiredService<BudgetGuard>())).UseBudgetReservation();
}
