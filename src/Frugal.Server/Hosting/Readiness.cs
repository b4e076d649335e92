using Frugal.Core.Accounting.Ledger;
using Frugal.Core.Budgets.Config;
using Frugal.Core.Caching;
using Frugal.Core.Configuration;
using Frugal.Storage.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Server.Hosting;

/// <summary>
/// What /readyz checks: the ledger writer is committing (its last attempt did not fail) with its queue below the
/// high-water mark (at the bound, answers wait for the writer), and Redis answers PING when a feature stores in it.
/// </summary>
public sealed class Readiness(LedgerWriter ledger, GatewayConfig config, IServiceProvider services)
{
    /// <summary>Share of the ledger queue above which the gateway reports itself not ready (answers are about to wait).</summary>
    public const double LedgerHighWaterShare = 0.9;

    private readonly bool _usesRedis = config.Cache.Backend == CacheBackend.Redis
        || (config.Section<BudgetsConfig>() is { Enabled: true } budgets && budgets.Storage == BudgetStorageKind.Redis);

    public async Task<IReadOnlyList<ReadinessCheck>> CheckAsync(CancellationToken cancellationToken)
    {
        var checks = new List<ReadinessCheck>(2) { Ledger() };
        if (_usesRedis)
        {
            checks.Add(await RedisAsync(cancellationToken).ConfigureAwait(false));
        }

        return checks;
    }

    private ReadinessCheck Ledger()
    {
        var failing = ledger.FailingCommits;
        if (failing > 0)
        {
            return new ReadinessCheck("ledger", false, $"the last {failing} commit attempt(s) failed; retrying");
        }

        var pending = ledger.Pending;
        var highWater = (int)(ledger.Capacity * LedgerHighWaterShare);
        return pending >= highWater
            ? new ReadinessCheck("ledger", false, $"{pending} entries queued (high-water mark {highWater})")
            : new ReadinessCheck("ledger", true, $"{pending} entries queued");
    }

    private async Task<ReadinessCheck> RedisAsync(CancellationToken cancellationToken)
    {
        var connector = services.GetRequiredService<RedisConnector>();
        try
        {
            var database = await connector.DatabaseAsync().ConfigureAwait(false);
            var latency = await database.PingAsync().WaitAsync(connector.Config.Timeout, cancellationToken).ConfigureAwait(false);
            return new ReadinessCheck("redis", true, $"PING {latency.TotalMilliseconds:0.#} ms");
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException or ObjectDisposedException)
        {
            return new ReadinessCheck("redis", false, "unreachable");
        }
    }
}
