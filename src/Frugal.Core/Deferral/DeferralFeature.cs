using Frugal.Core.Accounting.Ledger;

namespace Frugal.Core.Deferral;

/// <summary>
/// Set by <see cref="DeferralHandler"/> when it stored the call instead of sending it: the chat endpoint answers 202
/// with <see cref="AcceptedJson"/> and <c>Location</c> <see cref="Location"/> instead of the pipeline's value. The
/// ledger row of that 202 costs 0 (no usage) and carries the tags <c>deferred</c> and <c>deferred:def_…</c>; the
/// money is on the row the batch job writes for the line later.
/// </summary>
public sealed class DeferralFeature(string id, byte[] acceptedJson) : ILedgerContribution
{
    public const string Tag = "deferred";

    public string Id { get; } = id;

    public string Location => DeferredJson.Location(Id);

    public byte[] AcceptedJson { get; } = acceptedJson;

    public void Contribute(LedgerEntryBuilder entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.AddTag(Tag);
        entry.AddTag(Tag + ":" + Id);
    }
}
