using System.Globalization;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.PromptCache;

/// <summary>The ledger's sums over a workload's rows: tokens by cache bucket and the cost.</summary>
public sealed record PromptCacheTotals(long Calls, long InputTokens, long CachedTokens, long Write5mTokens, long Write1hTokens, decimal CostUsd)
{
    public double CachedShare => InputTokens == 0 ? 0 : (double)CachedTokens / InputTokens;

    public static async Task<PromptCacheTotals> ReadAsync(TestGateway gateway, int calls)
    {
        var rows = await LedgerRows.WaitForAsync(gateway, calls);
        long input = 0, cached = 0, write5m = 0, write1h = 0;
        decimal cost = 0;
        foreach (var row in rows)
        {
            input += row.Long("input_tokens");
            cached += row.Long("cached_input_tokens");
            write5m += row.Long("cache_write_5m_tokens");
            write1h += row.Long("cache_write_1h_tokens");
            cost += row.Usd("cost_nusd") ?? throw new InvalidOperationException("a workload row has no price");
        }

        return new PromptCacheTotals(rows.Count, input, cached, write5m, write1h, cost);
    }

    /// <summary>The write premium at the given per-million prices (write price minus the plain input price).</summary>
    public decimal WritePremiumUsd(decimal input, decimal write5m, decimal write1h)
        => ((Write5mTokens * (write5m - input)) + (Write1hTokens * (write1h - input))) / 1_000_000m;

    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"calls={Calls} input={InputTokens} cached={CachedTokens} ({CachedShare:P1}) write5m={Write5mTokens} write1h={Write1hTokens} cost=${CostUsd:0.000000}");
}
