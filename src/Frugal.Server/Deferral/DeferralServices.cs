using Frugal.Core.Batching;
using Frugal.Core.Configuration;
using Frugal.Core.Deferral;
using Frugal.Storage.Sqlite;
using Frugal.Storage.Sqlite.Deferral;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Frugal.Server.Deferral;

/// <summary>
/// Deferral's services when <c>deferral.enabled</c>: the store (deferral.db in the data directory), the gatherer and the
/// webhook sender (hosted after the ledger writer, so they stop first), the line observer the batch coordinator calls,
/// and <c>GET /v1/deferred/{id}</c>. <see cref="IBatchJobs"/> comes from the batch feature; without it deferred calls
/// are refused (501) and the gatherer logs a warning at start.
/// </summary>
public static class DeferralServices
{
    public static void AddFrugalDeferral(this IServiceCollection services, GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var section = config.Section<DeferralConfig>();
        if (!section.Enabled)
        {
            return;
        }

        services.AddSingleton(section);
        services.AddSingleton<IDeferredStore>(_ => new SqliteDeferredStore(new SqliteDatabase(Path.Combine(config.DataDir, "deferral.db"))));
        services.AddSingleton(sp => new DeferralGatherer(section, sp.GetRequiredService<IDeferredStore>(), sp.GetService<IBatchJobs>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DeferralGatherer>>()));
        services.AddSingleton<DeferralWebhookSender>();
        services.AddSingleton<IBatchLineObserver>(sp => new DeferredLineObserver(sp.GetRequiredService<IDeferredStore>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<DeferralWebhookSender>().Nudge));
        services.AddHostedService(sp => sp.GetRequiredService<DeferralGatherer>());
        services.AddHostedService(sp => sp.GetRequiredService<DeferralWebhookSender>());
        services.AddSingleton<DeferredEndpoint>();
    }

    public static void MapDeferralEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetService<DeferredEndpoint>() is { } endpoint)
        {
            app.MapGet("/v1/deferred/{id}", endpoint.HandleAsync);
        }
    }
}
