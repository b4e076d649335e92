using System.Runtime.CompilerServices;
using System.Text.Json;
using Frugal.Core.Accounting;
using Frugal.Core.Pipeline;
using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Budgets;

/// <summary>
/// Passes a stream through while counting its output tokens (o200k, per chunk); at the attempt's cap
/// it keeps the part of the chunk that still fits, stops reading upstream (which closes the connection,
/// so the provider stops generating) and ends the stream the way a provider ends one at max_tokens:
/// a chunk with finish_reason "length" (plus an <c>x_frugal_note</c> saying why), then a usage chunk.
/// Usage the upstream never sent is the counted prompt and output, marked estimated. Settles at the end.
/// </summary>
public sealed class StreamCutOff(GatewayRequest request, BudgetAttempt attempt)
{
    public const string NoteField = "x_frugal_note";

    private long _output;

    public async IAsyncEnumerable<ChatChunk> RunAsync(IAsyncEnumerable<ChatChunk> chunks, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var record = request.Record;
        long? limit = attempt.OutputCap is { } cap ? (long)cap * Math.Max(1, request.Chat?.N ?? 1) : null;
        ChatCompletionChunk? last = null;
        var cut = false;
        try
        {
            await foreach (var chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var tokens = Count(chunk.Parsed);
                if (limit is { } max && _output + tokens > max)
                {
                    cut = true;
                    last = chunk.Parsed;
                    if (Trim(chunk.Parsed, max - _output) is { } rest)
                    {
                        _output = max;
                        yield return rest;
                    }

                    break;
                }

                _output += tokens;
                if (chunk.Parsed.Choices.Count > 0)
                {
                    last = chunk.Parsed;
                }

                yield return chunk;
            }

            if (cut)
            {
                EstimateUsage(record);
                yield return Finish(last!, attempt.CapReason);
                yield return UsageChunk(last!, record.Usage);
            }
        }
        finally
        {
            EstimateUsage(record);
            await attempt.SettleAsync(record).ConfigureAwait(false);
        }
    }

    /// <summary>Upstream usage never came (cut off, or the client left): the counted tokens stand in for it.</summary>
    private void EstimateUsage(CallRecord record)
    {
        if (record.Usage.IsEmpty && _output > 0)
        {
            record.Usage = new TokenUsage(attempt.Ticket.InputTokens, 0, 0, 0, _output, 0);
            record.UsageEstimated = true;
        }
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
        var choices = Math.Max(1, request.Chat?.N ?? 1);
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
