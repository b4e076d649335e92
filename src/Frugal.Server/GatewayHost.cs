using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Ledger;
using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Accounting.Reports;
using Frugal.Core.Admission;
using Frugal.Core.Configuration;
using Frugal.Core.Configuration.Live;
using Frugal.Core.Diagnostics;
using Frugal.Core.Dispatch;
using Frugal.Core.Pipeline;
using Frugal.Core.Routing;
using Frugal.Core.Routing.Failover;
using Frugal.Core.Routing.Routes;
using Frugal.Core.Routing.Shadow;
using Frugal.Providers;
using Frugal.Providers.Http;
using Frugal.Server.Endpoints;
using Frugal.Server.Http;
using Frugal.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Frugal.Server;

/// <summary>
/// The composition root: the same host is started by <c>frugal serve</c>, by the functional
/// tests and by <c>frugal demo</c>, so what the tests prove is what users run.
/// </summary>
public static class GatewayHost
{
    public static WebApplication Build(GatewayConfig config, GatewayHostOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null; // the endpoints enforce limits.maxRequestBodyBytes with an OpenAI-shaped 413
            kestrel.ConfigureEndpointDefaults(listen => listen.Use(Http.KestrelRejections.Middleware)); // Kestrel's own 4xx get a JSON body
        });
        builder.Logging.ClearProviders();
        Hosting.GatewayHosting.Configure(builder, config, options); // data dir, TLS, console log format, bind errors, readiness

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Frugal", options.LogLevel);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", options.LogLevel);
        options.ConfigureLogging?.Invoke(builder.Logging);

        AddGatewayServices(builder.Services, config, options.Time);
        Configuration.ConfigReloadServices.AddConfigReload(builder.Services, options.ConfigFile); // SIGHUP / file change: validate, log what needs a restart
        options.ConfigureServices?.Invoke(builder.Services);

        var app = builder.Build();
        MapEndpoints(app);
        return app;
    }

    public static void AddGatewayServices(IServiceCollection services, GatewayConfig config, TimeProvider time)
    {
        services.AddSingleton(config);
        services.AddSingleton(config.Auth);
        services.AddSingleton(time);
        services.AddSingleton(config.Ledger);
        services.AddSingleton(_ => new SqliteKeyStore(new SqliteDatabase(Path.Combine(config.DataDir, "frugal.db"))));
        services.AddSingleton<IKeyStore>(sp => sp.GetRequiredService<SqliteKeyStore>());
        services.AddSingleton<FrugalMetrics>();
        services.AddSingleton(_ => PriceBook.Create(config.Prices));
        services.AddSingleton<IConfigReloadable>(sp => sp.GetRequiredService<PriceBook>()); // first: what a reload rebuilds is priced from it
        services.AddSingleton(sp => new ConfigGenerations(sp, config, sp.GetServices<PerGenerationService>(), time));
        services.AddSingleton<CostEngine>();
        services.AddSingleton(_ => new SqliteLedgerStore(new SqliteDatabase(Path.Combine(config.DataDir, "ledger.db"))));
        services.AddSingleton<ILedgerStore>(sp => sp.GetRequiredService<SqliteLedgerStore>());
        services.AddSingleton<ILedgerReader>(sp => new SqliteLedgerReader(sp.GetRequiredService<SqliteLedgerStore>()));
        services.AddSingleton<LedgerWriter>();
        services.AddSingleton<ILedgerSink>(Telemetry.TelemetryServices.MeteredLedgerSink); // counts each entry in /metrics, then queues it
        services.AddHostedService(sp => sp.GetRequiredService<LedgerWriter>());
        services.AddSingleton<RequestLedger>();
        services.AddSingleton<IConfigReloadable>(sp => sp.GetRequiredService<RequestLedger>());
        services.AddSingleton<UnauthenticatedRequests>();
        services.AddSingleton<RequestIntake>();
        services.AddSingleton<AdminGuard>();
        services.AddSingleton<AdminReportsEndpoint>();
        services.AddSingleton(sp => new KeyAdministration(
            sp.GetRequiredService<IKeyStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<Frugal.Core.Budgets.Storage.IBudgetDefinitionStore>(), // per-key budgets only where budgets are on
            sp.GetService<Frugal.Core.Budgets.BudgetRefresher>() is { } refresher ? refresher.RefreshAsync : null,
            sp.GetRequiredService<KeyAuthenticator>().ForgetCachedKeys, // admin API changes hold from the next request
            sp.GetService<Frugal.Core.Budgets.Storage.IKeyRateLimitStore>())); // per-key rate limits, like budgets, only where budgets are on
        services.AddSingleton<Endpoints.AdminKeys.AdminKeysEndpoint>();
        services.AddSingleton<OpenApi.AdminOpenApiEndpoint>();
        services.AddSingleton<KeyAuthenticator>();
        services.AddPerGeneration(sp => new ModelResolver(sp.GetRequiredService<GatewayConfig>()));
        AddRouting(services);
        services.AddFrugalProviders(); // the provider kinds, the shared pooled HttpClient, the registry (per generation)
        services.AddPerGeneration(sp => ActivatorUtilities.CreateInstance<DispatchHandler>(sp));
        services.AddPerGeneration(GatewayPipeline.Build); // the pipeline of each applied configuration (ConfigGenerations)
        services.AddPerGeneration(GatewayPipeline.BuildEvaluation);
        services.AddSingleton<ChatCompletionsEndpoint>();
        services.AddSingleton<EmbeddingsEndpoint>();
        services.AddSingleton<ModelsEndpoint>();
        services.AddFrugalBudgets(config); // before the default below, so its IBudgetStatusSource wins
        services.TryAddSingleton<Frugal.Core.Budgets.IBudgetStatusSource, Frugal.Core.Budgets.NoBudgets>(); // the budgets feature registers the real source
        services.AddFrugalCaching(config);
        Batching.BatchServices.AddFrugalBatches(services, config); // Files + Batches API, batch jobs and their coordinator
        Deferral.DeferralServices.AddFrugalDeferral(services, config); // deferral.db, gatherer, webhooks, /v1/deferred/{id}
        Telemetry.TelemetryServices.AddFrugalTelemetry(services, config); // dashboard, /metrics, OTLP
    }

    /// <summary>
    /// Routes and their planner (per generation: rebuilt on a reload), circuit breakers, sticky memory and the shadow
    /// labeller (shared; hosted after the ledger writer, so it stops first and its entries are drained).
    /// </summary>
    private static void AddRouting(IServiceCollection services)
    {
        services.AddPerGeneration(sp => ActivatorUtilities.CreateInstance<RouteCatalog>(sp));
        services.AddPerGeneration(sp => new RoutePlanner(
            sp.GetRequiredService<RouteCatalog>(), sp.GetRequiredService<StickySessions>(), sp.GetRequiredService<GatewayConfig>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CircuitBreakers>();
        services.AddSingleton<IConfigReloadable>(sp => sp.GetRequiredService<CircuitBreakers>());
        services.AddSingleton<StickySessions>();
        services.AddSingleton<ShadowQueue>();
        services.AddSingleton<IRouterLabelStore>(sp => new SqliteRouterLabelStore(sp.GetRequiredService<SqliteLedgerStore>().Database));
        services.AddSingleton<ShadowLabeller>();
        services.AddHostedService(sp => sp.GetRequiredService<ShadowLabeller>());
    }

    private static void MapEndpoints(WebApplication app)
    {
        // The first configuration generation (the pipeline and what it is built from) is built here, on one thread,
        // before any hosted service starts and might resolve the same singletons from another thread.
        _ = app.Services.GetRequiredService<ConfigGenerations>().Current;
        var chat = app.Services.GetRequiredService<ChatCompletionsEndpoint>();
        var embeddings = app.Services.GetRequiredService<EmbeddingsEndpoint>();
        var models = app.Services.GetRequiredService<ModelsEndpoint>();
        var reports = app.Services.GetRequiredService<AdminReportsEndpoint>();
        app.UseMiddleware<Hosting.RequestLogScope>(); // the request id on every log line of the request
        app.UseMiddleware<UnhandledErrorMiddleware>();
        if (app.Services.GetRequiredService<GatewayConfig>().Auth.Mode == AuthMode.None)
        {
            app.UseMiddleware<LoopbackHostMiddleware>(); // DNS rebinding: before every endpoint, admin and dashboard included
        }

        app.MapPost("/v1/chat/completions", chat.HandleAsync);
        app.MapPost("/v1/embeddings", embeddings.HandleAsync);
        app.MapGet("/v1/models", models.HandleAsync);
        app.MapGet("/admin/reports", reports.HandleAsync);
        app.MapGet("/admin/reports/{by}", reports.HandleAsync);
        app.MapBudgetEndpoints();
        Batching.BatchServices.MapBatchEndpoints(app);
        Deferral.DeferralServices.MapDeferralEndpoints(app);
        Endpoints.AdminKeys.AdminKeysEndpoint.Map(app);
        app.MapGet("/admin/openapi.json", app.Services.GetRequiredService<OpenApi.AdminOpenApiEndpoint>().HandleAsync);
        app.MapPost("/admin/cache/feedback", app.Services.GetRequiredService<AdminCacheFeedbackEndpoint>().HandleAsync);
        Hosting.HealthEndpoints.Map(app); // /healthz, /readyz (GET and HEAD)
        Telemetry.TelemetryServices.MapFrugalTelemetry(app); // /dashboard, /admin/dashboard/*, /metrics
        app.MapFallback(UnknownPathAsync);
    }

    /// <summary>
    /// The addresses the server actually listens on, known only after <c>StartAsync</c>: Kestrel takes them
    /// from --urls, but also from Kestrel:Endpoints in any configuration source (environment variables with
    /// or without the ASPNETCORE_ prefix, an appsettings.json in the working directory), which override --urls.
    /// </summary>
    public static IReadOnlyList<string> ListenAddresses(WebApplication app)
        => app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    private static Task UnknownPathAsync(HttpContext context)
        => Http.ErrorResponses.WriteAsync(context, new GatewayError(GatewayErrorKind.InvalidRequest, 404,
            $"Unknown path {context.Request.Method} {context.Request.Path}. This gateway serves POST /v1/chat/completions, POST /v1/embeddings and GET /v1/models.",
            "invalid_request_error", "unknown_url"));
}
