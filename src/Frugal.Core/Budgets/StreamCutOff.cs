using System.Text.Json;
using Frugal.Core.Accounting;
using Frugal.Core.Dispatch;
using Frugal.Core.Pipeline;
using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Budgets;

/// <summary>
/// Rewrites a stream while counting its output tokens (o200k, per chunk); at the attempt's cap it keeps the part of
/// the chunk that still fits, ends the stream (the upstream is not read again; its connection is released with the
/// stream, so the provider stops generating) and closes it the way a provider ends one at max_tokens: a chunk with
/// finish_reason "length" (plus an <c>x_frugal_note</c> saying why), then a usage chunk. Usage the upstream never sent
/// is the counted prompt and output, marked estimated. As an observer it settles the attempt when the stream ends,
/// however it ends (the first completion of the stream: innermost stage).
/// </summary>
public sealed class StreamCutOff : IChunkRewriter, IStreamObserver
{
    public const string NoteField = "x_frugal_note";

    private readonly GatewayRequest _request;
    private readonly BudgetAttempt _attempt;
    private readonly long? _limit;
    private long _output;
    private ChatCompletionChunk? _last;
    private bool _cut;

    public StreamCutOff(GatewayRequest request, BudgetAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(attempt);
        _request = request;
        _attempt = attempt;
        _limit = attempt.OutputCap is { } cap ? (long)cap * Math.Max(1, request.Chat?.N ?? 1) : null;
    }

    /// <summary>Registers the cut-off on the attempt's stream: it rewrites the chunks and settles when the stream ends.</summary>
    public static void Attach(ChatStream stream, GatewayRequest request, BudgetAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var cutOff = new StreamCutOff(request, attempt);
        stream.Rewrite(cutOff);
        stream.Observe(cutOff);
    }

    public void OnChunk(ChatChunk chunk, ChunkOutput output)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentNullException.ThrowIfNull(output);
        var tokens = Count(chunk.Parsed);
        if (_limit is { } max && _output + tokens > max)
        {
            _cut = true;
            _last = chunk.Parsed;
            if (Trim(chunk.Parsed, max - _output) is { } rest)
            {
                _output = max;
                output.Emit(rest);
            }

            output.EndStream();
            return;
        }

        _output += tokens;
        if (chunk.Parsed.Choices.Count > 0)
        {
            _last = chunk.Parsed;
        }

        output.Emit(chunk);
    }

    public void OnUpstreamEnded(ChunkOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_cut)
        {
            var usage = EstimateUsage();
            output.Emit(Finish(_last!, _attempt.CapReason));
            output.Emit(UsageChunk(_last!, usage));
        }
    }

    void IStreamObserver.OnChunk(ChatChunk chunk)
    {
    }

    public ValueTask OnCompletedAsync(StreamCompletion completion)
    {
        EstimateUsage();
        return _attempt.SettleAsync(_request);
    }

    /// <summary>Upstream usage never came (cut off, or the client left): the counted tokens stand in for it.</summary>
    private TokenUsage EstimateUsage()
    {
        var upstream = _request.Features.GetOrAdd<UpstreamCallFeature>();
        if (_output > 0)
        {
            upstream.EstimateUsage(new TokenUsage(_attempt.Ticket.InputTokens, 0, 0, 0, _output, 0));
        }

        return upstream.Usage;
    }

    private static long Count(ChatCompletionChunk chunk)
    {
        long tokens = 0;
        foreach (var choice in chunk.Choices)
        {
            tokens += PromptTokenCounter.Count(choice.Delta.Content) + PromptTokenCounter.Count(choice.Delta.Refusal);
            foreach (var call in choice.Delta.ToolCalls ?? [])
            {
                tokens += PromptTokenCounter.Count(call.Function?.Name) + PromptTokenCounter.Count(call.Function?.Arguments);
            }
        }

        return tokens;
    }

    /// <summary>The first <paramref name="tokens"/> tokens of a single-choice text chunk; null when nothing fits or it is not plain text.</summary>
    private static ChatChunk? Trim(ChatCompletionChunk chunk, long tokens)
    {
        if (tokens <= 0 || chunk.Choices.Count != 1 || chunk.Choices[0].Delta is not { Content: { Length: > 0 } content, ToolCalls: null })
        {
            return null;
        }

        var keep = PromptTokenCounter.Prefix(content, (int)Math.Min(tokens, int.MaxValue));
        if (keep.Length == 0)
        {
            return null;
        }

        var choice = chunk.Choices[0];
        return ChatChunk.FromParsed(new ChatCompletionChunk
        {
            Id = chunk.Id,
            Created = chunk.Created,
            Model = chunk.Model,
            SystemFingerprint = chunk.SystemFingerprint,
            Choices = [new ChunkChoice { Index = choice.Index, Delta = new ChatDelta { Role = choice.Delta.Role, Content = keep } }],
        });
    }

    private ChatChunk Finish(ChatCompletionChunk last, string? reason)
    {
        var note = $"Frugal stopped this answer at {_output} output tokens: {reason ?? "the output cap"}.";
        var choices = Math.Max(1, _request.Chat?.N ?? 1);
        var finish = new List<ChunkChoice>(choices);
        for (var i = 0; i < choices; i++)
        {
            finish.Add(new ChunkChoice { Index = i, Delta = new ChatDelta(), FinishReason = "length" });
        }

        return ChatChunk.FromParsed(new ChatCompletionChunk
        {
            Id = last.Id,
            Created = last.Created,
            Model = last.Model,
            Choices = finish,
            Extra = new Dictionary<string, JsonElement> { [NoteField] = StringElement(note) },
        });
    }

    private static JsonElement StringElement(string text)
    {
        using var document = JsonDocument.Parse("\"" + JsonEncodedText.Encode(text).Value + "\"");
        return document.RootElement.Clone();
    }

    private static ChatChunk UsageChunk(ChatCompletionChunk last, TokenUsage usage) => ChatChunk.FromParsed(new ChatCompletionChunk
    {
        Id = last.Id,
        Created = last.Created,
        Model = last.Model,
        Choices = [],
        Usage = new ChatUsage { PromptTokens = usage.InputTokens, CompletionTokens = usage.OutputTokens, TotalTokens = usage.TotalTokens },
    });
}
