using Frugal.Core.Pipeline;

namespace Frugal.Core.Budgets;

/// <summary>
/// The admission of the gateway's own evaluation calls (only in the evaluation pipeline, and only with
/// <c>budgets.evaluationSpend: "counted"</c>): gives the call the ticket of its key's budgets
/// (<see cref="BudgetGuard.AdmitEvaluation"/>) so the <see cref="BudgetReservationHandler"/> inside it reserves and
/// settles the call like a client attempt. It refuses nothing itself; the reservation does when a budget cannot pay.
/// </summary>
public sealed class EvaluationBudgetHandler(IGatewayHandler inner, BudgetGuard guard) : CheckingGatewayHandler(inner)
{
    protected override GatewayError? Check(GatewayRequest request)
    {
        guard.AdmitEvaluation(request);
        return null;
    }
}
