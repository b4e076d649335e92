using System.Buffers;
using System.Text.Json;
using Frugal.Core.Accounting;
using Frugal.Core.Budgets;
using Frugal.Core.Dispatch;
using Frugal.Core.Pipeline;
using Frugal.Core.Routing;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Caching;

/// <summary>
/// What the caches store for one answer: the final completion (content, tool calls, finish reason,
/// usage; a streamed miss is assembled into one) and where it came from, so a hit can be served
/// as JSON or replayed as SSE chunks, and priced as a saving at today's prices.
/// </summary>
public sealed class CachedAnswer
{
    private const int FormatVersion = 1;

    private CachedAnswer(ChatCompletionResponse response, ReadOnlyMemory<byte> completionJson, string? provider, string? resolvedModel, string? upstreamModel, TokenUsage usage, string? originRequestId)
    {
        OriginRequestId = originRequestId;
        Response = response;
        CompletionJson = completionJson;
        Provider = provider;
        ResolvedModel = resolvedModel;
        UpstreamModel = upstreamModel;
        Usage = usage;
    }

    public ChatCompletionResponse Response { get; }

    /// <summary>The completion as the client receives it on a non-streaming hit (the upstream's own bytes when there were any).</summary>
    public ReadOnlyMemory<byte> CompletionJson { get; }

    public string? Provider { get; }

    public string? ResolvedModel { get; }

    public string? UpstreamModel { get; }

    /// <summary>The request whose upstream call produced this answer (feedback on any hit finds every copy through it).</summary>
    public string? OriginRequestId { get; }

    /// <summary>What the original call used: the basis of the saving a hit records.</summary>
    public TokenUsage Usage { get; }

    /// <summary>The answer a call produced; null when it cannot be replayed faithfully (nothing to cache).</summary>
    public static CachedAnswer? From(ChatCompletion completion, GatewayRequest request)
    {
        ArgumentNullException.ThrowIfNull(completion);
        ArgumentNullException.ThrowIfNull(request);
        // An answer cut at a cap a budget or key lowered is not this request's normal answer: never replay it to others.
        if (completion.Response.Choices.Count == 0 || (request.Features.Get<OutputCapFeature>() is { Lowered: true } && completion.Response.Choices.Any(c => c.FinishReason == "length")))
        {
            return null;
        }

        var json = completion.RawJson.IsEmpty
            ? JsonSerializer.SerializeToUtf8Bytes(completion.Response, ProtocolJson.Context.ChatCompletionResponse)
            : completion.RawJson.ToArray();
        var upstream = request.Features.Get<UpstreamCallFeature>();
        return new CachedAnswer(completion.Response, json, upstream?.Provider, request.Features.Get<RoutingFeature>()?.ResolvedModel, upstream?.UpstreamModel, upstream?.Usage ?? default, request.RequestId);
    }

    public ChatCompletion ToCompletion() => new(Response, CompletionJson);

    /// <summary>
    /// The answer as a stream: per choice a chunk with the role, the whole content and the tool
    /// calls, then one with the finish reason, then the usage-only chunk (the endpoint drops it
    /// unless the client asked for usage), as OpenAI streams them.
    /// </summary>
    public IReadOnlyList<ChatChunk> ToChunks()
    {
        var chunks = new List<ChatChunk>(Response.Choices.Count * 2 + 1);
        foreach (var choice in Response.Choices)
        {
            var message = choice.Message;
            chunks.Add(ChatChunk.FromParsed(NewChunk(new ChunkChoice
            {
                Index = choice.Index,
                Delta = new ChatDelta
                {
                    Role = message.Role ?? "assistant",
                    Content = message.Content is null ? null : message.TextContent(),
                    Refusal = message.Refusal,
                    ToolCalls = message.ToolCalls?.Select((call, i) => new ToolCall { Index = call.Index ?? i, Id = call.Id, Type = call.Type, Function = call.Function }).ToList(),
                },
            })));
        }

        foreach (var choice in Response.Choices)
        {
            chunks.Add(ChatChunk.FromParsed(NewChunk(new ChunkChoice { Index = choice.Index, Delta = new ChatDelta(), FinishReason = choice.FinishReason })));
        }

        if (Response.Usage is { } usage)
        {
            var last = NewChunk(null);
            last.Usage = usage;
            chunks.Add(ChatChunk.FromParsed(last));
        }

        return chunks;
    }

    private ChatCompletionChunk NewChunk(ChunkChoice? choice) => new()
    {
        Id = Response.Id,
        Created = Response.Created,
        Model = Response.Model,
        SystemFingerprint = Response.SystemFingerprint,
        Choices = choice is null ? [] : [choice],
    };

    public byte[] ToPayload()
    {
        var buffer = new ArrayBufferWriter<byte>(CompletionJson.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", FormatVersion);
            writer.WriteString("provider", Provider);
            writer.WriteString("model", ResolvedModel);
            writer.WriteString("upstreamModel", UpstreamModel);
            writer.WriteString("origin", OriginRequestId);
            writer.WriteStartArray("usage");
            writer.WriteNumberValue(Usage.InputTokens);
            writer.WriteNumberValue(Usage.CachedInputTokens);
            writer.WriteNumberValue(Usage.CacheWrite5mTokens);
            writer.WriteNumberValue(Usage.CacheWrite1hTokens);
            writer.WriteNumberValue(Usage.OutputTokens);
            writer.WriteNumberValue(Usage.ReasoningTokens);
            writer.WriteEndArray();
            writer.WritePropertyName("completion");
            writer.WriteRawValue(CompletionJson.Span, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a stored payload; null for one written in another format (it is treated as a miss, never half-served).</summary>
    public static CachedAnswer? FromPayload(ReadOnlyMemory<byte> payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (!root.TryGetProperty("v", out var version) || version.GetInt32() != FormatVersion)
            {
                return null;
            }

            var u = root.GetProperty("usage");
            var usage = new TokenUsage(u[0].GetInt64(), u[1].GetInt64(), u[2].GetInt64(), u[3].GetInt64(), u[4].GetInt64(), u[5].GetInt64());
            var completion = root.GetProperty("completion");
            var json = System.Text.Encoding.UTF8.GetBytes(completion.GetRawText());
            var response = JsonSerializer.Deserialize(json, ProtocolJson.Context.ChatCompletionResponse);
            if (response is null || response.Choices.Count == 0)
            {
                return null;
            }

            var origin = root.TryGetProperty("origin", out var originValue) ? originValue.GetString() : null;
            return new CachedAnswer(response, json, root.GetProperty("provider").GetString(), root.GetProperty("model").GetString(), root.GetProperty("upstreamModel").GetString(), usage, origin);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException or FormatException)
        {
            return null;
        }
    }
}
