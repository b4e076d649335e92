using System.Net;
using Frugal.Core.Configuration;

namespace Frugal.Server;

/// <summary>Refusals that depend on how the gateway is started, not just on the config file.</summary>
public static class StartupChecks
{
    public static IReadOnlyList<ConfigProblem> Check(GatewayConfig config, IReadOnlyList<string> urls)
    {
        var problems = new List<ConfigProblem>();
        if (config.Auth.Mode == AuthMode.None)
        {
            foreach (var url in urls.Where(url => !IsLoopback(url)))
            {
                problems.Add(new ConfigProblem("$.auth.mode",
                    $"\"none\" (no client authentication) is only allowed on loopback addresses, but the gateway would listen on {url}. Bind to 127.0.0.1 or use \"keys\"."));
            }
        }

        return problems;
    }

    /// <summary>
    /// The same loopback rule for the addresses the server really bound (<see cref="GatewayHost.ListenAddresses"/>),
    /// whatever configuration source they came from; checked after start, before any request is served.
    /// </summary>
    public static IReadOnlyList<ConfigProblem> CheckBound(GatewayConfig config, IReadOnlyList<string> boundAddresses)
    {
        if (config.Auth.Mode != AuthMode.None)
        {
            return [];
        }

        if (boundAddresses.Count == 0)
        {
            return [new ConfigProblem("$.auth.mode", "\"none\" (no client authentication) needs known loopback listen addresses, but the server reported none.")];
        }

        return [.. boundAddresses.Where(url => !IsLoopback(url)).Select(url => new ConfigProblem("$.auth.mode",
            $"\"none\" (no client authentication) is only allowed on loopback addresses, but the server is bound to {url} (from --urls, a Kestrel__Endpoints__* / ASPNETCORE_* environment variable or an appsettings.json in the working directory). Bind to 127.0.0.1 or use \"keys\"."))];
    }

    /// <summary>Names of provider key variables that are configured but not set, for a start-up warning.</summary>
    public static IEnumerable<string> MissingKeyVariables(GatewayConfig config)
        => config.Providers.Values
            .Where(p => p.ApiKeyEnv is not null && string.IsNullOrEmpty(p.ResolveApiKey()))
            .Select(p => $"{p.Name} ({p.ApiKeyEnv})");

    private static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
