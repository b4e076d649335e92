namespace Frugal.Core.Deferral;

/// <summary>
/// The values of <c>x-frugal-defer</c> and of a rule's <c>"defer"</c>: <c>24h</c> (defer: the provider batch window)
/// or <c>off</c>/<c>none</c> (answer synchronously, even when a key or route rule says defer). Case-insensitive.
/// </summary>
public static class DeferralDirective
{
    public const string Accepted = "\"24h\" (defer to a provider batch), \"off\" or \"none\" (answer now)";

    public static bool TryParse(string? value, out bool defer)
    {
        var trimmed = value.AsSpan().Trim();
        if (trimmed.Equals("24h", StringComparison.OrdinalIgnoreCase))
        {
            defer = true;
            return true;
        }

        defer = false;
        return trimmed.Equals("off", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("none", StringComparison.OrdinalIgnoreCase);
    }
}
