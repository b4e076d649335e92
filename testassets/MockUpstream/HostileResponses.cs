using System.Text;
using System.Text.Json;

namespace Frugal.MockUpstream;

/// <summary>
/// Upstreams that misbehave in ways a gateway must survive without leaking, ballooning or answering 500:
/// bodies and SSE lines that never end, 200 bodies that parse but are not answers, error messages that are
/// huge or that echo the credentials the request carried. Each replaces the whole response.
/// </summary>
internal static class HostileResponses
{
    /// <summary>Stream (or body) with no newline, from the first byte on, until the client leaves or <see cref="MockUpstreamOptions.EndlessBytes"/>.</summary>
    public const string EndlessLine = "endless-line";

    /// <summary>Streams: one good first chunk, then an endless line. Non-streams: same as <see cref="EndlessLine"/>.</summary>
    public const string MidstreamEndlessLine = "midstream-endless-line";

    /// <summary>500 whose body never ends.</summary>
    public const string EndlessError = "endless-error";

    /// <summary>200 that is valid JSON with usage but not a usable answer (<c>"message": null</c>, <c>"content": [null]</c>, <c>"delta": null</c>).</summary>
    public const string OddShape = "odd-shape";

    /// <summary>400 whose provider-shaped message is <see cref="LongErrorChars"/> characters long.</summary>
    public const string LongError = "long-error";

    public const int LongErrorChars = 40_000;

    private const string Model = "mock-model";
    private const int BlockBytes = 64 * 1024;

    // Only headers that may carry a credential are echoed (and the provider's configured ones that look like it).
    private static readonly string[] CredentialHeaderWords = ["auth", "key", "token", "secret", "cookie"];

    public static bool Handles(string kind) => kind is EndlessLine or MidstreamEndlessLine or EndlessError or OddShape or LongError;

    public static async Task RespondAsync(MockCall call, Provider provider, string kind, bool stream, MockUpstreamOptions options, MockStats stats)
    {
        var response = call.Context.Response;
        switch (kind)
        {
            case EndlessLine or MidstreamEndlessLine when stream:
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = "text/event-stream";
                if (kind == MidstreamEndlessLine)
                {
                    await WriteAsync(call, FirstFrame(provider));
                }

                await WriteAsync(call, provider == Provider.Anthropic
                    ? "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\""
                    : "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"");
                await WriteEndlessAsync(call, options, stats);
                return;

            case EndlessLine or MidstreamEndlessLine:
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = "application/json";
                await WriteAsync(call, "{\"id\":\"");
                await WriteEndlessAsync(call, options, stats);
                return;

            case EndlessError:
                response.StatusCode = StatusCodes.Status500InternalServerError;
                response.ContentType = "application/json";
                await WriteAsync(call, "{\"error\":{\"message\":\"");
                await WriteEndlessAsync(call, options, stats);
                return;

            case OddShape when stream:
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = "text/event-stream";
                await WriteAsync(call, provider == Provider.Anthropic
                    ? "event: message_start\ndata: null\n\n"
                    : $"data: {{\"id\":\"chatcmpl-mock-odd\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"{Model}\",\"choices\":[{{\"index\":0,\"delta\":null,\"finish_reason\":null}}]}}\n\ndata: [DONE]\n\n");
                return;

            case OddShape:
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = "application/json";
                await WriteAsync(call, provider == Provider.Anthropic
                    ? $"{{\"id\":\"msg_mock_odd\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"{Model}\",\"content\":[null],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{{\"input_tokens\":11,\"output_tokens\":3}}}}"
                    : $"{{\"id\":\"chatcmpl-mock-odd\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"{Model}\",\"choices\":[{{\"index\":0,\"message\":null,\"finish_reason\":\"stop\"}}],\"usage\":{{\"prompt_tokens\":11,\"completion_tokens\":3,\"total_tokens\":14}}}}");
                return;

            case LongError:
                await ProviderErrors.WriteAsync(call.Context, provider, StatusCodes.Status400BadRequest, "mock 400: " + new string('x', LongErrorChars - 10));
                return;
        }
    }

    /// <summary>
    /// <c>[[echo-auth:STATUS]]</c> (provider-shaped JSON error), <c>[[echo-auth:STATUS:text]]</c> (a proxy's text/plain
    /// page) or <c>[[echo-auth:midstream]]</c> (streams: one chunk, then an in-band error): the message quotes the
    /// credential headers the request carried, the bare key and a piece of it — what a careless proxy does.
    /// </summary>
    public static async Task EchoAuthAsync(MockCall call, Provider provider, string value, bool stream)
    {
        var parts = value.Split(':', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var echo = Echo(call.Context.Request);
        if (parts.Length > 0 && parts[0] == "midstream" && stream)
        {
            var response = call.Context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "text/event-stream";
            await WriteAsync(call, FirstFrame(provider));
            await WriteAsync(call, provider == Provider.Anthropic
                ? $"event: error\ndata: {{\"type\":\"error\",\"error\":{{\"type\":\"api_error\",\"message\":{JsonString(echo)}}}}}\n\n"
                : $"data: {{\"error\":{{\"message\":{JsonString(echo)},\"type\":\"server_error\"}}}}\n\n");
            return;
        }

        var status = parts.Length > 0 && int.TryParse(parts[0], out var s) && s is >= 400 and <= 599 ? s : StatusCodes.Status500InternalServerError;
        if (parts.Length > 1 && parts[1] == "text")
        {
            call.Context.Response.StatusCode = status;
            call.Context.Response.ContentType = "text/plain";
            await WriteAsync(call, $"Proxy error {status}. {echo}");
            return;
        }

        await ProviderErrors.WriteAsync(call.Context, provider, status, $"mock {status}: {echo}");
    }

    private static string Echo(HttpRequest request)
    {
        var text = new StringBuilder("credentials received: ");
        string? key = null;
        foreach (var (name, values) in request.Headers)
        {
            if (!CredentialHeaderWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var headerValue = values.ToString();
            text.Append(name).Append(": ").Append(headerValue).Append("; ");
            if (key is null && (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || name.Contains("key", StringComparison.OrdinalIgnoreCase)))
            {
                var space = headerValue.IndexOf(' ', StringComparison.Ordinal);
                key = space > 0 ? headerValue[(space + 1)..] : headerValue;
            }
        }

        if (key is { Length: > 8 })
        {
            text.Append("key in use ").Append(key).Append(", ends ").Append(key[2..^2]);
        }

        return text.ToString();
    }

    /// <summary>A valid first chunk: the gateway's first-chunk peek passes, so what follows happens after the client got bytes.</summary>
    private static string FirstFrame(Provider provider) => provider == Provider.Anthropic
        ? $"event: message_start\ndata: {{\"type\":\"message_start\",\"message\":{{\"id\":\"msg_mock_first\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"{Model}\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{{\"input_tokens\":11,\"output_tokens\":1}}}}}}\n\n"
        : $"data: {{\"id\":\"chatcmpl-mock-first\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"{Model}\",\"choices\":[{{\"index\":0,\"delta\":{{\"role\":\"assistant\",\"content\":\"partial\"}},\"finish_reason\":null}}]}}\n\n";

    private static async Task WriteEndlessAsync(MockCall call, MockUpstreamOptions options, MockStats stats)
    {
        var block = new byte[BlockBytes];
        Array.Fill(block, (byte)'a');
        var writer = call.Context.Response.BodyWriter;
        long written = 0;
        while (written < options.EndlessBytes)
        {
            // Kestrel drops writes to a closed connection without throwing or waiting, and fires RequestAborted
            // from a queued work item: yield so that item runs instead of this loop spinning to the bound.
            await Task.Yield();
            call.Aborted.ThrowIfCancellationRequested();
            var size = (int)Math.Min(block.Length, options.EndlessBytes - written);
            var flushed = await writer.WriteAsync(block.AsMemory(0, size), call.Aborted);
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                return;
            }

            written += size;
            stats.HostileBytesWritten(size);
        }
    }

    private static async Task WriteAsync(MockCall call, string text)
    {
        await call.Context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), call.Aborted);
        await call.Context.Response.Body.FlushAsync(call.Aborted);
    }

    private static string JsonString(string text) => "\"" + JsonEncodedText.Encode(text, JsonBody.WriterOptions.Encoder).Value + "\"";
}
