using System.Globalization;
using System.Text.RegularExpressions;

namespace Frugal.MockUpstream;

/// <summary>
/// Finds <c>[[name:value]]</c> markers. Tests drive the mock through a gateway, so the only channel they
/// fully control is message text; that is why behaviour is selected by markers and not by headers.
/// </summary>
internal static partial class DirectiveParser
{
    // Only known names match, so ordinary "[[...]]" text in prompts is left alone.
    [GeneratedRegex(@"\[\[(fault|latency|chunks|chunk-delay|tokens|cached|reasoning|cache-write|reply|echo-auth):([^\[\]\r\n]{1,200})\]\]", RegexOptions.CultureInvariant)]
    private static partial Regex DirectiveRegex();

    /// <summary>One regex pass over all message texts of the request, concatenated; the last occurrence of a name wins.</summary>
    public static Directives Parse(string text)
    {
        if (!text.Contains("[[", StringComparison.Ordinal))
        {
            return Directives.None;
        }

        string? fault = null, faultKey = null, faultModel = null, reply = null, echoAuth = null;
        int? faultTimes = null, latency = null, chunks = null, chunkDelay = null, tokens = null, cached = null, reasoning = null, cacheWrite = null;
        var any = false;
        foreach (Match match in DirectiveRegex().Matches(text))
        {
            any = true;
            var value = match.Groups[2].Value.Trim();
            switch (match.Groups[1].Value)
            {
                case "fault":
                    ParseFault(value, out fault, out faultTimes, out faultKey, out faultModel);
                    break;
                case "latency":
                    latency = Number(value) ?? latency;
                    break;
                case "chunks":
                    chunks = Number(value) ?? chunks;
                    break;
                case "chunk-delay":
                    chunkDelay = Number(value) ?? chunkDelay;
                    break;
                case "tokens":
                    tokens = Number(value) ?? tokens;
                    break;
                case "cached":
                    cached = Number(value) ?? cached;
                    break;
                case "reasoning":
                    reasoning = Number(value) ?? reasoning;
                    break;
                case "reply":
                    reply = value;
                    break;
                case "cache-write":
                    cacheWrite = Number(value) ?? cacheWrite;
                    break;
                case "echo-auth":
                    echoAuth = value;
                    break;
            }
        }

        if (!any)
        {
            return Directives.None;
        }

        return new Directives
        {
            Fault = fault,
            FaultTimes = faultTimes,
            FaultKey = faultKey,
            FaultModel = faultModel,
            Reply = reply,
            EchoAuth = echoAuth,
            LatencyMs = latency,
            Chunks = chunks,
            ChunkDelayMs = chunkDelay,
            Tokens = tokens,
            Cached = cached,
            Reasoning = reasoning,
            CacheWrite = cacheWrite,
        };
    }

    /// <summary>Removes the markers from a text (used for the reply "gist").</summary>
    public static string Strip(string text) =>
        text.Contains("[[", StringComparison.Ordinal) ? DirectiveRegex().Replace(text, string.Empty) : text;

    // "429:times=2:key=abc" -> kind 429, fires for the first 2 requests carrying key "abc"; ":model=m" -> only for requests to model m.
    private static void ParseFault(string value, out string kind, out int? times, out string? key, out string? model)
    {
        var parts = value.Split(':', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        kind = parts.Length > 0 ? parts[0].ToLowerInvariant() : string.Empty;
        times = null;
        key = null;
        model = null;
        for (var i = 1; i < parts.Length; i++)
        {
            if (parts[i].StartsWith("times=", StringComparison.Ordinal))
            {
                times = Number(parts[i]["times=".Length..]);
            }
            else if (parts[i].StartsWith("model=", StringComparison.Ordinal))
            {
                model = parts[i]["model=".Length..];
            }
            else if (parts[i].StartsWith("key=", StringComparison.Ordinal))
            {
                key = parts[i]["key=".Length..];
            }
        }
    }

    private static int? Number(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
