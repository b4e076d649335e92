namespace Frugal.Core.Accounting.Ledger;

/// <summary>
/// The ledger endpoint of a call the gateway makes itself (the shadow labeller's strong and judge calls are
/// "evaluation"), instead of the client endpoint the request came through. Set by the caller before the call;
/// read only by the ledger entry.
/// </summary>
public sealed class LedgerEndpoint(string name) : ILedgerContribution
{
    /// <summary>The endpoint of evaluation calls; budgets count their rows only with <c>budgets.evaluationSpend: "counted"</c>.</summary>
    public const string Evaluation = "evaluation";

    public string Name { get; } = name;

    public void Contribute(LedgerEntryBuilder entry) => entry.Endpoint = Name;
}
