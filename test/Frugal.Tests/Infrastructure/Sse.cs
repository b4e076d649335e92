using System.Text.Json;

namespace Frugal.Tests.Infrastructure;

/// <summary>Helpers to read the gateway's SSE bodies in tests.</summary>
public static class Sse
{
    /// <summary>The data payloads of a complete SSE body, in order (including "[DONE]").</summary>
    public static IReadOnlyList<string> DataFrames(string body)
        => body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(frame =>
            {
                Assert.StartsWith("data: ", frame, StringComparison.Ordinal);
                return frame["data: ".Length..];
            })
            .ToList();

    public static IEnumerable<JsonElement> JsonChunks(string body)
        => DataFrames(body).Where(d => d != "[DONE]").Select(d => JsonDocument.Parse(d).RootElement);
}
