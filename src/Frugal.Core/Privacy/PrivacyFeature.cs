using System.Text;
using Frugal.Core.Accounting.Ledger;

namespace Frugal.Core.Privacy;

/// <summary>
/// What the privacy stage did to one request. Set by <see cref="PrivacyHandler"/> after masking (also when it then
/// refused the request); read by the ledger (<see cref="Contribute"/>: entity counts per type in
/// <c>ledger.pii_entities</c>, and the stored answer body re-masked) and by the dashboard/report queries over that column.
/// </summary>
public sealed class PrivacyFeature(PiiMaskResult result) : ILedgerContribution
{
    public PiiMaskResult Result { get; } = result;

    /// <summary>Counts as compact JSON, names sorted (<c>{"EMAIL_ADDRESS":2,"PHONE_NUMBER":1}</c>); null when nothing was found.</summary>
    public string? CountsJson()
    {
        if (Result.Counts.Count == 0)
        {
            return null;
        }

        var builder = new StringBuilder("{");
        foreach (var (name, count) in Result.Counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (builder.Length > 1)
            {
                builder.Append(',');
            }

            // Entity names are config-checked ([A-Z0-9_]+): nothing to escape.
            builder.Append('"').Append(name).Append("\":").Append(count);
        }

        return builder.Append('}').ToString();
    }

    public void Contribute(LedgerEntryBuilder entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.PiiEntities = CountsJson();
        if (Result.Map.Count > 0)
        {
            entry.MaskResponseBody = Result.Map.Remask; // the answer the client got holds the values again
        }
    }
}
