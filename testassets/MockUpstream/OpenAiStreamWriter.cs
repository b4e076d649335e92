using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace Frugal.MockUpstream;

/// <summary>
/// OpenAI <c>chat.completion.chunk</c> SSE stream: role chunk, content (or tool-argument) pieces,
/// finish chunk, optional usage chunk, <c>[DONE]</c> — with n choices interleaved by index.
/// </summary>
internal sealed class OpenAiStreamWriter
{
    // Stream faults act after this many content steps, so clients have already seen real data.
    private const int StepsBeforeFault = 2;

    private readonly MockCall _call;
    private readonly ChatTurn _turn;
    private readonly ReplyPlan _plan;
    private readonly long _created;

    public OpenAiStreamWriter(MockCall call, ChatTurn turn, ReplyPlan plan, long created)
    {
        _call = call;
        _turn = turn;
        _plan = plan;
        _created = created;
    }

    public async Task WriteAsync(int chunks, int chunkDelayMs, string? fault)
    {
        var choiceCount = _plan.Choices.Count;
        var pieces = new TextPiece[choiceCount][];
        var tokens = new IReadOnlyList<EncodedToken>[choiceCount];
        var steps = 0;
        for (var i = 0; i < choiceCount; i++)
        {
            pieces[i] = TextSplitter.Split(_plan.Choices[i].StreamText, chunks, out tokens[i]);
            steps = Math.Max(steps, pieces[i].Length);
        }

        using var sse = new SseWriter(_call.Context);
        for (var i = 0; i < choiceCount; i++)
        {
            var w = BeginChunk(sse, i);
            w.WriteString("role", "assistant");
            if (_plan.Choices[i].IsToolCall)
            {
                w.WriteNull("content");
                OpenAiJson.WriteToolCall(w, _plan.Choices[i], streamDelta: true);
            }
            else
            {
                w.WriteString("content", string.Empty);
            }

            await EndChunkAsync(sse, null, null);
        }

        if (fault == FaultKinds.Malformed)
        {
            await sse.RawAsync("data: {\"broken\n\n");
            return;
        }

        for (var step = 0; step < steps; step++)
        {
            if (step > 0 && chunkDelayMs > 0)
            {
                await Task.Delay(chunkDelayMs, _call.Aborted);
            }

            _call.Aborted.ThrowIfCancellationRequested();
            for (var i = 0; i < choiceCount; i++)
            {
                if (step >= pieces[i].Length)
                {
                    continue;
                }

                var choice = _plan.Choices[i];
                var piece = pieces[i][step];
                var w = BeginChunk(sse, i);
                if (choice.IsToolCall)
                {
                    w.WriteStartArray("tool_calls");
                    w.WriteStartObject();
                    w.WriteNumber("index", 0);
                    w.WriteStartObject("function");
                    w.WriteString("arguments", piece.Text);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndArray();
                }
                else
                {
                    w.WriteString("content", piece.Text);
                }

                await EndChunkAsync(sse, null, _turn.Logprobs && !choice.IsToolCall ? (tokens[i], piece) : null);
            }

            if (fault is not null && step + 1 == Math.Min(StepsBeforeFault, steps) && await ApplyFaultAsync(sse, fault))
            {
                return;
            }
        }

        if (fault is not null && steps == 0 && await ApplyFaultAsync(sse, fault))
        {
            return;
        }

        for (var i = 0; i < choiceCount; i++)
        {
            BeginChunk(sse, i);
            await EndChunkAsync(sse, _plan.Choices[i].FinishReason, null);
        }

        if (_turn.IncludeUsage)
        {
            var w = sse.Begin();
            WriteEnvelopeStart(w);
            w.WriteEndArray();
            OpenAiJson.WriteUsage(w, _plan);
            w.WriteEndObject();
            await sse.EndAsync();
        }

        await sse.RawAsync("data: [DONE]\n\n");
    }

    /// <returns>True when the stream must end here.</returns>
    private async Task<bool> ApplyFaultAsync(SseWriter sse, string fault)
    {
        if (fault == FaultKinds.Disconnect)
        {
            await _call.AbortConnectionAfterGraceAsync();
            return true;
        }

        if (fault == FaultKinds.MidstreamError)
        {
            await sse.RawAsync("data: {\"error\":{\"message\":\"mock mid-stream failure\",\"type\":\"server_error\"}}\n\n");
            return true;
        }

        return false;
    }

    /// <summary>Writes the chunk envelope up to the open <c>delta</c> object of choice <paramref name="index"/>.</summary>
    private Utf8JsonWriter BeginChunk(SseWriter sse, int index)
    {
        var w = sse.Begin();
        WriteEnvelopeStart(w);
        w.WriteStartObject();
        w.WriteNumber("index", index);
        w.WriteStartObject("delta");
        return w;
    }

    /// <summary>Closes what <see cref="BeginChunk"/> opened and sends the frame.</summary>
    private Task EndChunkAsync(SseWriter sse, string? finishReason, (IReadOnlyList<EncodedToken> Tokens, TextPiece Piece)? logprobs)
    {
        var w = sse.Json;
        w.WriteEndObject();
        if (logprobs is { } lp)
        {
            OpenAiJson.WriteLogprobs(w, lp.Tokens, lp.Piece.FirstToken, lp.Piece.TokenCount);
        }
        else
        {
            w.WriteNull("logprobs");
        }

        if (finishReason is null)
        {
            w.WriteNull("finish_reason");
        }
        else
        {
            w.WriteString("finish_reason", finishReason);
        }

        w.WriteEndObject();
        w.WriteEndArray();

        // OpenAI sends "usage": null on every chunk but the last when include_usage is on.
        if (_turn.IncludeUsage)
        {
            w.WriteNull("usage");
        }

        w.WriteEndObject();
        return sse.EndAsync();
    }

    private void WriteEnvelopeStart(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("id", "chatcmpl-mock-" + _plan.IdSuffix);
        w.WriteString("object", "chat.completion.chunk");
        w.WriteNumber("created", _created);
        w.WriteString("model", _turn.Model);
        w.WriteString("system_fingerprint", OpenAiJson.Fingerprint);
        w.WriteStartArray("choices");
    }
}
