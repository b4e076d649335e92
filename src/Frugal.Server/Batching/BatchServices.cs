using Frugal.Core.Batching;
using Frugal.Core.Configuration;
using Frugal.Server.Endpoints;
using Frugal.Storage.Sqlite;
using Frugal.Storage.Sqlite.Batching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Server.Batching;

/// <summary>
/// Files + Batches: batches.db, the jobs (<see cref="IBatchJobs"/>, which deferral uses too), the coordinator (hosted)
/// and the endpoints. <see cref="IProviderBatchRegistry"/> is resolved optionally: without one every job runs its lines
/// itself. Registered after the ledger writer, so the coordinator stops before it.
/// </summary>
public static class BatchServices
{
    public static void AddFrugalBatches(this IServiceCollection services, GatewayConfig config)
    {
        services.AddSingleton(_ => new SqliteBatchStore(new SqliteDatabase(Path.Combine(config.DataDir, "batches.db"))));
        services.AddSingleton<BatchFiles>();
        services.AddSingleton<BatchTargets>();
        services.AddSingleton<BatchCoordinatorSignal>();
        services.AddSingleton<BatchPrivacy>();
        services.AddSingleton<BatchJobs>();
        services.AddSingleton<IBatchJobs>(sp => sp.GetRequiredService<BatchJobs>());
        services.AddSingleton<BatchBilling>();
        services.AddSingleton<BatchLineRunner>();
        services.AddSingleton<BatchOutputFiles>();
        services.AddSingleton<BatchCoordinator>();
        services.AddHostedService(sp => sp.GetRequiredService<BatchCoordinator>());
        services.AddSingleton<BatchApiAccess>();
        services.AddSingleton<FilesEndpoint>();
        services.AddSingleton<BatchesEndpoint>();
    }

    public static void MapBatchEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var files = app.Services.GetRequiredService<FilesEndpoint>();
        var batches = app.Services.GetRequiredService<BatchesEndpoint>();
        app.MapPost("/v1/files", files.UploadAsync);
        app.MapGet("/v1/files/{id}", (HttpContext context, string id) => files.GetAsync(context, id));
        app.MapGet("/v1/files/{id}/content", (HttpContext context, string id) => files.ContentAsync(context, id));
        app.MapDelete("/v1/files/{id}", (HttpContext context, string id) => files.DeleteAsync(context, id));
        app.MapPost("/v1/batches", batches.CreateAsync);
        app.MapGet("/v1/batches", batches.ListAsync);
        app.MapGet("/v1/batches/{id}", (HttpContext context, string id) => batches.GetAsync(context, id));
        app.MapPost("/v1/batches/{id}/cancel", (HttpContext context, string id) => batches.CancelAsync(context, id));
    }
}
