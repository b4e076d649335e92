namespace Frugal.Core.Compression;

/// <summary>
/// Tags a client puts in message text to steer compression. Text between <see cref="KeepOpen"/>/<see cref="KeepClose"/>
/// is never changed or dropped; text between <see cref="CompressOpen"/>/<see cref="CompressClose"/> is eligible for
/// query-aware selection whatever its message's role or size. The stage removes the tags before the request goes
/// upstream (also when the request says <c>x-frugal-compress: off</c>): they are instructions to the gateway, not
/// to the model.
/// </summary>
public static class CompressionMarkers
{
    public const string KeepOpen = "<frugal:keep>";
    public const string KeepClose = "</frugal:keep>";
    public const string CompressOpen = "<frugal:compress>";
    public const string CompressClose = "</frugal:compress>";

    /// <summary>True when the text holds any of the tags (one ordinal scan for the common prefix).</summary>
    public static bool AnyIn(string text) => text.Contains("frugal:", StringComparison.Ordinal)
        && (text.Contains(KeepOpen, StringComparison.Ordinal) || text.Contains(CompressOpen, StringComparison.Ordinal));

    /// <summary>The text with every tag removed (the text between them stays).</summary>
    public static string Strip(string text)
        => AnyIn(text)
            ? text.Replace(KeepOpen, string.Empty, StringComparison.Ordinal).Replace(KeepClose, string.Empty, StringComparison.Ordinal)
                .Replace(CompressOpen, string.Empty, StringComparison.Ordinal).Replace(CompressClose, string.Empty, StringComparison.Ordinal)
            : text;
}
