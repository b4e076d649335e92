namespace Frugal.Core.Accounting.Ledger;

/// <summary>
/// A request feature that fills in part of the request's ledger entry. <see cref="RequestLedger"/> applies every
/// feature of the request that implements it, so a new stage maps its own feature into the entry (its model, its
/// tag, its saving) without an edit to the ledger. Contributions must not depend on each other's order: each sets
/// the fields its stage knows, and two stages that could set the same field never both run for one request
/// (a cache hit has no upstream call).
/// </summary>
public interface ILedgerContribution
{
    void Contribute(LedgerEntryBuilder entry);
}
