using System.Text.Json;

namespace Frugal.Tests.Infrastructure;

/// <summary>Helpers to read the gateway's SSE bodies in tests.</summary>
public static class Sse
{
    /// <summary>The data payloads of a complete SSE body, in order (including "[DONE]").</summary>
    public static IReadOnlyList<string> DataFrames(string body)
        => body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Where(frame => !frame.StartsWith(": ", StringComparison.Ordinal)) // comments, e.g. the cost line
            .Select(frame =>
            {
                Assert.StartsWith("data: ", frame, StringComparison.Ordinal);
                return frame["data: ".Length..];
            })
            .ToList();

    /// <summary>The SSE comment lines of a body (": text"), without the leading ": ".</summary>
    public static IReadOnlyList<string> Comments(string body)
        => body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Where(f => f.StartsWith(": ", StringComparison.Ordinal)).Select(f => f[2..]).ToList();

    public static IEnumerable<JsonElement> JsonChunks(string body)
        => DataFrames(body).Where(d => d != "[DONE]").Select(d => JsonDocument.Parse(d).RootElement);
}
