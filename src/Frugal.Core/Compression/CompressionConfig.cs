namespace Frugal.Core.Compression;

/// <summary>
/// The <c>compression</c> section: off unless <see cref="Enabled"/>; <see cref="Defaults"/> apply to every request,
/// a key's rule (by name, then id) and the requested model's or route's rule override them, in that order.
/// </summary>
public sealed record CompressionConfig
{
    public bool Enabled { get; init; }

    public CompressionSettings Defaults { get; init; } = new();

    public IReadOnlyDictionary<string, CompressionRule> Keys { get; init; } = new Dictionary<string, CompressionRule>();

    public IReadOnlyDictionary<string, CompressionRule> Models { get; init; } = new Dictionary<string, CompressionRule>();
}
