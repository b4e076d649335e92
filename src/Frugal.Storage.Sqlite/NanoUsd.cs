namespace Frugal.Storage.Sqlite;

/// <summary>
/// Money in SQLite as whole nano-dollars (1e-9 USD) in an INTEGER column: SUM stays exact,
/// unlike REAL, and a per-token price (e.g. $0.075 per 1M tokens = 75 nano-dollars) is whole.
/// </summary>
public static class NanoUsd
{
    private const decimal PerDollar = 1_000_000_000m;

    public static long From(decimal usd) => (long)decimal.Round(usd * PerDollar, MidpointRounding.AwayFromZero);

    public static decimal ToUsd(long nanoUsd) => nanoUsd / PerDollar;
}
