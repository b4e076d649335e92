using Frugal.Core.Accounting.Ledger;
using Frugal.Core.Budgets;
using Frugal.Core.Budgets.Alerts;
using Frugal.Core.Budgets.Config;
using Frugal.Core.Budgets.Storage;
using Frugal.Core.Configuration;
using Frugal.Server.Endpoints;
using Frugal.Storage.Redis;
using Frugal.Storage.Redis.Budgets;
using Frugal.Storage.Sqlite;
using Frugal.Storage.Sqlite.Budgets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Frugal.Server;

/// <summary>
/// Budgets, rate limits and alerts — registered only when the config has a <c>budgets</c> section;
/// their <see cref="IBudgetStatusSource"/> then replaces the empty default.
/// </summary>
public static class BudgetServices
{
    public static void AddFrugalBudgets(this IServiceCollection services, GatewayConfig config)
    {
        if (!config.Budgets.Enabled)
        {
            return;
        }

        services.AddSingleton(config.Budgets);
        services.AddSingleton(_ => new BudgetDatabase(new SqliteDatabase(Path.Combine(config.DataDir, "frugal.db"))));
        services.AddSingleton<IBudgetDefinitionStore>(sp => new SqliteBudgetDefinitionStore(sp.GetRequiredService<BudgetDatabase>().Database));
        services.AddSingleton<IKeyRateLimitStore>(sp => new SqliteKeyRateLimitStore(sp.GetRequiredService<BudgetDatabase>().Database));
        services.AddSingleton(sp => new SqliteBudgetAlertLog(sp.GetRequiredService<BudgetDatabase>().Database));
        services.AddSingleton<IBudgetAlertLog>(sp => sp.GetRequiredService<SqliteBudgetAlertLog>());
        services.TryAddSingleton(_ => new RedisConnector(config.Redis)); // shared with other Redis-backed features
        services.AddSingleton<IBudgetStore>(sp => config.Budgets.Storage == BudgetStorageKind.Redis
            ? new RedisBudgetStore(sp.GetRequiredService<RedisConnector>(), new LedgerSpendHistory(
                sp.GetRequiredService<SqliteLedgerStore>().Database,
                sp.GetRequiredService<BudgetDatabase>().Database,
                sp.GetRequiredService<IBudgetDefinitionStore>(),
                sp.GetRequiredService<LedgerWriter>().FlushAsync,
                config.Budgets.CountEvaluationSpend))
            : new SqliteBudgetStore(
                sp.GetRequiredService<SqliteLedgerStore>().Database,
                sp.GetRequiredService<IBudgetDefinitionStore>(),
                sp.GetRequiredService<SqliteBudgetAlertLog>(),
                sp.GetRequiredService<LedgerWriter>().FlushAsync,
                config.Budgets.CountEvaluationSpend));
        services.AddSingleton<BudgetCatalog>();
        services.AddSingleton<Frugal.Core.Configuration.Live.IConfigReloadable>(sp => sp.GetRequiredService<BudgetCatalog>());
        services.AddSingleton<BudgetPricing>();
        services.AddSingleton<BudgetAlertQueue>();
        services.AddSingleton<BudgetGuard>();
        services.AddSingleton<IBudgetStatusSource, BudgetStatusSource>();
        services.AddSingleton<BudgetRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<BudgetRefresher>());
        services.AddSingleton<BudgetAlertDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<BudgetAlertDispatcher>());
        services.AddSingleton<AdminBudgetsEndpoint>();
    }

    public static void MapBudgetEndpoints(this WebApplication app)
    {
        if (app.Services.GetService<AdminBudgetsEndpoint>() is { } budgets)
        {
            app.MapGet("/admin/budgets", budgets.GetAsync);
            app.MapPut("/admin/budgets", budgets.PutAsync);
        }
    }

    /// <summary>frugal.db as the budget tables see it (a connection pool of its own).</summary>
    private sealed record BudgetDatabase(SqliteDatabase Database);
}
