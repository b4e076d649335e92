using Frugal.Core.Accounting.Ledger;

namespace Frugal.Tests.Pipeline.AddAStage;

/// <summary>Which region served the request. Set by <see cref="RegionTagHandler"/>; read by the ledger entry (a tag).</summary>
public sealed class RegionTagFeature(string region) : ILedgerContribution
{
    public string Region { get; } = region;

    public void Contribute(LedgerEntryBuilder entry) => entry.AddTag("region:" + Region);
}
