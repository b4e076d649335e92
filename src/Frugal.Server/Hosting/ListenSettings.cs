namespace Frugal.Server.Hosting;

/// <summary>
/// Where the gateway listens and which setting said so. Precedence: <c>--urls</c> &gt; <c>FRUGAL_URLS</c> &gt;
/// <c>ASPNETCORE_URLS</c> &gt; <see cref="GatewayHostOptions.DefaultUrl"/>. Several URLs are separated by <c>;</c>
/// (ASP.NET Core's own convention, so an existing <c>ASPNETCORE_URLS</c> keeps its meaning).
/// </summary>
public sealed record ListenSettings(IReadOnlyList<string> Urls, string Source)
{
    public const string FrugalUrlsVariable = "FRUGAL_URLS";
    public const string AspNetCoreUrlsVariable = "ASPNETCORE_URLS";

    /// <summary>Resolves from the process environment; <paramref name="commandLineUrls"/> is the <c>--urls</c> value or null.</summary>
    public static ListenSettings Resolve(string? commandLineUrls) => Resolve(commandLineUrls, Environment.GetEnvironmentVariable);

    /// <summary>Resolves with <paramref name="environment"/> as the variable lookup (tests pass a dictionary).</summary>
    public static ListenSettings Resolve(string? commandLineUrls, Func<string, string?> environment)
    {
        if (Split(commandLineUrls) is { Count: > 0 } fromArgs)
        {
            return new ListenSettings(fromArgs, "--urls");
        }

        foreach (var variable in (ReadOnlySpan<string>)[FrugalUrlsVariable, AspNetCoreUrlsVariable])
        {
            if (Split(environment(variable)) is { Count: > 0 } fromEnvironment)
            {
                return new ListenSettings(fromEnvironment, variable);
            }
        }

        return new ListenSettings([GatewayHostOptions.DefaultUrl], "default");
    }

    /// <summary>True when any URL asks for TLS, so the host must have a certificate.</summary>
    public static bool AnyHttps(IEnumerable<string> urls)
        => urls.Any(url => url.StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    private static List<string>? Split(string? value)
        => string.IsNullOrWhiteSpace(value) ? null : [.. value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
