using System.Text.Json;

namespace Frugal.MockUpstream;

/// <summary><c>POST /v1/chat/completions</c> and the Azure OpenAI deployments route.</summary>
internal sealed class OpenAiChatHandler
{
    private readonly MockUpstreamOptions _options;
    private readonly FaultGate _faults;
    private readonly PromptCacheSimulator _cache;

    public OpenAiChatHandler(MockUpstreamOptions options, FaultGate faults, PromptCacheSimulator cache)
    {
        _options = options;
        _faults = faults;
        _cache = cache;
    }

    /// <param name="deployment">Azure deployment name (model fallback), or null for the plain OpenAI route.</param>
    public async Task HandleAsync(MockCall call, string? deployment)
    {
        ChatTurn? turn;
        string? error;
        int? cachedTokens = null;
        try
        {
            using var document = JsonDocument.Parse(call.Body);
            turn = OpenAiChatParser.Parse(document.RootElement, deployment, out error);
            if (turn is not null)
            {
                cachedTokens = _cache.OpenAi(document.RootElement, turn.Model, turn.PromptTokens);
            }
        }
        catch (JsonException ex)
        {
            turn = null;
            error = $"We could not parse the JSON body of your request. ({ex.Message})";
        }

        if (turn is null)
        {
            await ProviderErrors.WriteAsync(call.Context, Provider.OpenAi, StatusCodes.Status400BadRequest, error ?? "invalid request");
            return;
        }

        var directives = DirectiveParser.Parse(turn.DirectiveText).ForModel(turn.Model);
        var (handled, streamFault) = await RequestPreamble.RunAsync(call, directives, _options, _faults, Provider.OpenAi, turn.Stream);
        if (handled)
        {
            return;
        }

        var plan = ReplyPlanner.Plan(turn, directives, call.Hash, anthropic: false, cachedTokens is { } cached ? new SimulatedCache(cached, 0, 0) : null);
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (turn.Stream)
        {
            var stream = new OpenAiStreamWriter(call, turn, plan, created);
            await stream.WriteAsync(
                Math.Max(1, directives.Chunks ?? _options.Chunks),
                Math.Max(0, directives.ChunkDelayMs ?? _options.ChunkDelayMs),
                streamFault);
            return;
        }

        await WriteCompletionAsync(call.Context, turn, plan, created);
    }

    private static async Task WriteCompletionAsync(HttpContext context, ChatTurn turn, ReplyPlan plan, long created)
    {
        using var body = new JsonBody();
        var w = body.Writer;
        w.WriteStartObject();
        w.WriteString("id", "chatcmpl-mock-" + plan.IdSuffix);
        w.WriteString("object", "chat.completion");
        w.WriteNumber("created", created);
        w.WriteString("model", turn.Model);
        w.WriteStartArray("choices");
        for (var i = 0; i < plan.Choices.Count; i++)
        {
            var choice = plan.Choices[i];
            w.WriteStartObject();
            w.WriteNumber("index", i);
            w.WriteStartObject("message");
            w.WriteString("role", "assistant");
            if (choice.IsToolCall)
            {
                w.WriteNull("content");
                w.WriteNull("refusal");
                OpenAiJson.WriteToolCall(w, choice, streamDelta: false);
            }
            else
            {
                w.WriteString("content", choice.Text);
                w.WriteNull("refusal");
                w.WriteStartArray("annotations");
                w.WriteEndArray();
            }

            w.WriteEndObject();
            if (turn.Logprobs && !choice.IsToolCall)
            {
                var tokens = TokenCounter.Encode(choice.Text ?? string.Empty);
                OpenAiJson.WriteLogprobs(w, tokens, 0, tokens.Count);
            }
            else
            {
                w.WriteNull("logprobs");
            }

            w.WriteString("finish_reason", choice.FinishReason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        OpenAiJson.WriteUsage(w, plan);
        w.WriteString("service_tier", "default");
        w.WriteString("system_fingerprint", OpenAiJson.Fingerprint);
        w.WriteEndObject();
        await body.SendAsync(context);
    }
}
