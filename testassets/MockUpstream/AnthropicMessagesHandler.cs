using System.Text.Json;

namespace Frugal.MockUpstream;

/// <summary><c>POST /v1/messages</c> (Anthropic Messages API).</summary>
internal sealed class AnthropicMessagesHandler
{
    private readonly MockUpstreamOptions _options;
    private readonly FaultGate _faults;
    private readonly PromptCacheSimulator _cache;

    public AnthropicMessagesHandler(MockUpstreamOptions options, FaultGate faults, PromptCacheSimulator cache)
    {
        _options = options;
        _faults = faults;
        _cache = cache;
    }

    public async Task HandleAsync(MockCall call)
    {
        ChatTurn? turn;
        string? error;
        SimulatedCache? simulated = null;
        try
        {
            using var document = JsonDocument.Parse(call.Body);
            turn = AnthropicParser.Parse(document.RootElement, out error);
            if (turn is not null)
            {
                simulated = _cache.Anthropic(document.RootElement, turn.Model, turn.PromptTokens);
            }
        }
        catch (JsonException ex)
        {
            turn = null;
            error = $"The request body is not valid JSON: {ex.Message}";
        }

        if (turn is null)
        {
            await ProviderErrors.WriteAsync(call.Context, Provider.Anthropic, StatusCodes.Status400BadRequest, error ?? "invalid request");
            return;
        }

        var directives = DirectiveParser.Parse(turn.DirectiveText).ForModel(turn.Model);
        var (handled, streamFault) = await RequestPreamble.RunAsync(call, directives, _options, _faults, Provider.Anthropic, turn.Stream);
        if (handled)
        {
            return;
        }

        var plan = ReplyPlanner.Plan(turn, directives, call.Hash, anthropic: true, simulated);
        if (turn.Stream)
        {
            var stream = new AnthropicStreamWriter(call, turn, plan);
            await stream.WriteAsync(
                Math.Max(1, directives.Chunks ?? _options.Chunks),
                Math.Max(0, directives.ChunkDelayMs ?? _options.ChunkDelayMs),
                streamFault);
            return;
        }

        using var body = new JsonBody();
        var w = body.Writer;
        var choice = plan.Choices[0];
        w.WriteStartObject();
        AnthropicJson.WriteMessageStart(w, plan, turn.Model);
        w.WriteStartArray("content");
        w.WriteStartObject();
        if (choice.IsToolCall)
        {
            w.WriteString("type", "tool_use");
            w.WriteString("id", choice.ToolCallId);
            w.WriteString("name", choice.ToolName);
            w.WritePropertyName("input");
            w.WriteRawValue(choice.Arguments ?? "{}", skipInputValidation: true);
        }
        else
        {
            w.WriteString("type", "text");
            w.WriteString("text", choice.Text);
        }

        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("stop_reason", choice.AnthropicStopReason);
        w.WriteNull("stop_sequence");
        AnthropicJson.WriteUsage(w, plan, plan.CompletionTokens);
        w.WriteEndObject();
        await body.SendAsync(call.Context);
    }
}
