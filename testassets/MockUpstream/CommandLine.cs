using System.Globalization;

namespace Frugal.MockUpstream;

/// <summary>Parses the standalone flags: <c>--urls URL [--latency-ms N] [--chunks N] [--chunk-delay-ms N]</c>.</summary>
internal static class CommandLine
{
    public const string Usage =
        "usage: MockUpstream [--urls http://127.0.0.1:9000] [--latency-ms N] [--chunks N] [--chunk-delay-ms N] [--batch-delay-ms N]";

    public static bool TryParse(string[] args, out string url, out MockUpstreamOptions options, out string? error)
    {
        url = "http://127.0.0.1:9000";
        options = new MockUpstreamOptions();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string? value = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (i + 1 < args.Length)
            {
                value = args[++i];
            }

            if (name is "-h" or "--help")
            {
                error = string.Empty;
                return false;
            }

            if (value is null)
            {
                error = $"missing value for {name}";
                return false;
            }

            switch (name)
            {
                case "--urls":
                    url = value;
                    break;
                case "--latency-ms" when Number(value) is int latency:
                    options.LatencyMs = latency;
                    break;
                case "--chunks" when Number(value) is int chunks && chunks > 0:
                    options.Chunks = chunks;
                    break;
                case "--chunk-delay-ms" when Number(value) is int delay:
                    options.ChunkDelayMs = delay;
                    break;
                case "--batch-delay-ms" when Number(value) is int batchDelay:
                    options.BatchDelayMs = batchDelay;
                    break;
                default:
                    error = $"unknown option or bad value: {name} {value}";
                    return false;
            }
        }

        return true;
    }

    private static int? Number(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
