using Frugal.Core.Pipeline;

namespace Frugal.Core.Compression;

/// <summary>
/// Resolves a request's <see cref="CompressionSettings"/>: the section's, then the key's rule (by name, then id), then
/// the requested model's or route's rule, then the request's <c>x-frugal-compress</c> header ("off" sends the prompt
/// as it came; "on" or no header = the policy). A disabled rule or "off" gives settings with no technique.
/// </summary>
public sealed class CompressionPolicy(CompressionConfig config)
{
    public const string HeaderName = "x-frugal-compress";

    private static readonly CompressionSettings Off = new() { Techniques = CompressionTechniques.None };

    public CompressionConfig Config { get; } = config;

    public GatewayResult<CompressionSettings> Decide(GatewayRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.TryGetValue(HeaderName, out var header))
        {
            var value = header.Trim();
            if (value.Equals("off", StringComparison.OrdinalIgnoreCase))
            {
                return Off;
            }

            if (!value.Equals("on", StringComparison.OrdinalIgnoreCase))
            {
                return GatewayError.InvalidRequest($"Invalid {HeaderName} value: use \"off\" (send the prompt as it is) or \"on\" (the configured policy).", HeaderName, "invalid_compress_directive");
            }
        }

        var keyRule = Config.Keys.TryGetValue(request.Tenant.KeyName, out var byName) ? byName
            : Config.Keys.TryGetValue(request.Tenant.KeyId, out var byId) ? byId
            : null;
        Config.Models.TryGetValue(request.RequestedModel, out var modelRule);
        if ((modelRule?.Enabled ?? keyRule?.Enabled ?? true) == false)
        {
            return Off;
        }

        return CompressionConfigReader.Apply(CompressionConfigReader.Apply(Config.Defaults, keyRule), modelRule);
    }
}
