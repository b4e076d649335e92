namespace Frugal.Core.Configuration;

public sealed record LimitsConfig
{
    /// <summary>Largest request body accepted; larger ones get a 413 before being parsed.</summary>
    public long MaxRequestBodyBytes { get; init; } = 8 * 1024 * 1024;
}
