namespace Frugal.Server;

public sealed record GatewayHostOptions
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrl];

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Minimum level for the gateway's own log categories.</summary>
    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Information;

    /// <summary>Write the log to the console (off in tests, where a process-wide console is shared).</summary>
    public bool LogToConsole { get; init; } = true;

    /// <summary>Extra logging set-up, e.g. a test's in-memory provider that checks no secret is ever logged.</summary>
    public Action<Microsoft.Extensions.Logging.ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>The config file the gateway was started with, checked again on SIGHUP and when it changes (null: none).</summary>
    public string? ConfigFile { get; init; }

    /// <summary>
    /// Extra service registrations applied after the gateway's own, e.g. <c>services.AddProviderKind&lt;T&gt;()</c>
    /// for a provider kind outside Frugal.Providers (load its config with <see cref="ConfigLoader.SchemaWith"/> and the same call).
    /// </summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? ConfigureServices { get; init; }
}
