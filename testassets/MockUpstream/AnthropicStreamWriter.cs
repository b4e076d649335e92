namespace Frugal.MockUpstream;

/// <summary>
/// Anthropic Messages SSE stream: message_start, content_block_start, ping, content_block_delta...,
/// content_block_stop, message_delta, message_stop — each as <c>event: NAME\ndata: {json}\n\n</c>.
/// </summary>
internal sealed class AnthropicStreamWriter
{
    private const int StepsBeforeFault = 2;

    private readonly MockCall _call;
    private readonly ChatTurn _turn;
    private readonly ReplyPlan _plan;

    public AnthropicStreamWriter(MockCall call, ChatTurn turn, ReplyPlan plan)
    {
        _call = call;
        _turn = turn;
        _plan = plan;
    }

    public async Task WriteAsync(int chunks, int chunkDelayMs, string? fault)
    {
        var choice = _plan.Choices[0];
        var pieces = TextSplitter.Split(choice.StreamText, chunks, out _);
        using var sse = new SseWriter(_call.Context);

        var w = sse.Begin("message_start");
        w.WriteStartObject();
        w.WriteString("type", "message_start");
        w.WriteStartObject("message");
        AnthropicJson.WriteMessageStart(w, _plan, _turn.Model);
        w.WriteStartArray("content");
        w.WriteEndArray();
        w.WriteNull("stop_reason");
        w.WriteNull("stop_sequence");
        // Real streams report output_tokens 1 here and the true count in message_delta.
        AnthropicJson.WriteUsage(w, _plan, 1);
        w.WriteEndObject();
        w.WriteEndObject();
        await sse.EndAsync();

        if (fault == FaultKinds.Malformed)
        {
            await sse.RawAsync("event: content_block_delta\ndata: {\"broken\n\n");
            return;
        }

        w = sse.Begin("content_block_start");
        w.WriteStartObject();
        w.WriteString("type", "content_block_start");
        w.WriteNumber("index", 0);
        w.WriteStartObject("content_block");
        if (choice.IsToolCall)
        {
            w.WriteString("type", "tool_use");
            w.WriteString("id", choice.ToolCallId);
            w.WriteString("name", choice.ToolName);
            w.WriteStartObject("input");
            w.WriteEndObject();
        }
        else
        {
            w.WriteString("type", "text");
            w.WriteString("text", string.Empty);
        }

        w.WriteEndObject();
        w.WriteEndObject();
        await sse.EndAsync();

        await sse.RawAsync("event: ping\ndata: {\"type\": \"ping\"}\n\n");

        for (var step = 0; step < pieces.Length; step++)
        {
            if (step > 0 && chunkDelayMs > 0)
            {
                await Task.Delay(chunkDelayMs, _call.Aborted);
            }

            w = sse.Begin("content_block_delta");
            w.WriteStartObject();
            w.WriteString("type", "content_block_delta");
            w.WriteNumber("index", 0);
            w.WriteStartObject("delta");
            if (choice.IsToolCall)
            {
                w.WriteString("type", "input_json_delta");
                w.WriteString("partial_json", pieces[step].Text);
            }
            else
            {
                w.WriteString("type", "text_delta");
                w.WriteString("text", pieces[step].Text);
            }

            w.WriteEndObject();
            w.WriteEndObject();
            await sse.EndAsync();

            if (fault is not null && step + 1 == Math.Min(StepsBeforeFault, pieces.Length) && await ApplyFaultAsync(sse, fault))
            {
                return;
            }
        }

        if (fault is not null && pieces.Length == 0 && await ApplyFaultAsync(sse, fault))
        {
            return;
        }

        await sse.RawAsync("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");

        w = sse.Begin("message_delta");
        w.WriteStartObject();
        w.WriteString("type", "message_delta");
        w.WriteStartObject("delta");
        w.WriteString("stop_reason", choice.AnthropicStopReason);
        w.WriteNull("stop_sequence");
        w.WriteEndObject();
        w.WriteStartObject("usage");
        w.WriteNumber("output_tokens", _plan.CompletionTokens);
        w.WriteEndObject();
        w.WriteEndObject();
        await sse.EndAsync();

        await sse.RawAsync("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
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
            await sse.RawAsync("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n");
            return true;
        }

        return false;
    }
}
