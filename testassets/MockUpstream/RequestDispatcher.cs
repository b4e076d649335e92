using Microsoft.Extensions.Primitives;

namespace Frugal.MockUpstream;

/// <summary>
/// The single request delegate. Hand-rolled routing (a few string compares) instead of endpoint
/// routing keeps per-request overhead minimal for load-test baselines.
/// </summary>
internal sealed class RequestDispatcher
{
    private const string AzurePrefix = "/openai/deployments/";

    // Only credential/version headers are recorded: enough to assert what a gateway forwards, cheap to copy.
    private static readonly string[] RecordedHeaders = ["Authorization", "x-api-key", "api-key", "anthropic-version", "anthropic-beta"];
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    private readonly MockStats _stats;
    private readonly RequestRecorder _recorder;
    private readonly AdminHandler _admin;
    private readonly OpenAiChatHandler _openAi;
    private readonly AnthropicMessagesHandler _anthropic;
    private readonly EmbeddingsHandler _embeddings;
    private readonly Batches.OpenAiBatchHandler _openAiBatches;
    private readonly Batches.AnthropicBatchHandler _anthropicBatches;

    public RequestDispatcher(MockUpstreamOptions options, MockStats stats, RequestRecorder recorder, FaultGate faults, Action reset)
    {
        _stats = stats;
        _recorder = recorder;
        _admin = new AdminHandler(stats, recorder, reset);
        PromptCache = new PromptCacheSimulator(options);
        _openAi = new OpenAiChatHandler(options, faults, PromptCache);
        _anthropic = new AnthropicMessagesHandler(options, faults, PromptCache);
        _embeddings = new EmbeddingsHandler(options, faults);
        _openAiBatches = new Batches.OpenAiBatchHandler(options, Files, call => _openAi.HandleAsync(call, deployment: null), call => _embeddings.HandleAsync(call, deployment: null));
        _anthropicBatches = new Batches.AnthropicBatchHandler(options, _anthropic.HandleAsync);
    }

    /// <summary>The Files API's store (cleared by <see cref="MockUpstreamServer.Reset"/> with the batches).</summary>
    public Batches.MockFileStore Files { get; } = new();

    /// <summary>Forgets every file and batch.</summary>
    public void ClearBatches()
    {
        Files.Clear();
        _openAiBatches.Clear();
        _anthropicBatches.Clear();
    }

    /// <summary>The simulated provider prompt caches (cleared by <see cref="MockUpstreamServer.Reset"/>).</summary>
    public PromptCacheSimulator PromptCache { get; }

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.StartsWith("/mock/", StringComparison.Ordinal))
        {
            await _admin.HandleAsync(context, path);
            return;
        }

        _stats.RequestStarted(path);
        MockCall? call = null;
        try
        {
            var body = await ReadBodyAsync(context.Request, context.RequestAborted);
            call = new MockCall(context, body);
            var headers = Record(context.Request, path, body);
            await RouteAsync(call, path, headers);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away mid-request; counted below. Nothing can be written any more.
        }
        catch (IOException) when (context.RequestAborted.IsCancellationRequested)
        {
            // Same, surfaced by a write on a reset connection.
        }
        finally
        {
            var clientAborted = context.RequestAborted.IsCancellationRequested && call?.ServerAborted != true;
            _stats.RequestFinished(clientAborted);
        }
    }

    private async Task RouteAsync(MockCall call, string path, IReadOnlyDictionary<string, string> headers)
    {
        var context = call.Context;
        var method = context.Request.Method;
        var post = HttpMethods.IsPost(method);
        switch (path)
        {
            case "/v1/chat/completions" when post:
                await _openAi.HandleAsync(call, deployment: null);
                return;
            case "/v1/messages" when post:
                await _anthropic.HandleAsync(call);
                return;
            case "/v1/embeddings" when post:
                await _embeddings.HandleAsync(call, deployment: null);
                return;
            case "/v1/models" when HttpMethods.IsGet(method):
                await ModelsHandler.HandleAsync(context);
                return;
        }

        if (Batches.AnthropicBatchHandler.Handles(path))
        {
            await _anthropicBatches.HandleAsync(call, path, headers);
            return;
        }

        if (Batches.OpenAiBatchHandler.Handles(path))
        {
            await _openAiBatches.HandleAsync(call, path, headers);
            return;
        }

        if (post && path.StartsWith(AzurePrefix, StringComparison.Ordinal))
        {
            // /openai/deployments/{deployment}/chat/completions | /embeddings
            var rest = path[AzurePrefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0)
            {
                var deployment = Uri.UnescapeDataString(rest[..slash]);
                var operation = rest[(slash + 1)..];
                if (operation is "chat/completions" or "embeddings")
                {
                    if (StringValues.IsNullOrEmpty(context.Request.Query["api-version"]))
                    {
                        await ProviderErrors.WriteAsync(context, Provider.OpenAi, StatusCodes.Status400BadRequest, "Missing required query parameter 'api-version'.");
                        return;
                    }

                    await (operation == "embeddings" ? _embeddings.HandleAsync(call, deployment) : _openAi.HandleAsync(call, deployment));
                    return;
                }
            }
        }

        var provider = path.EndsWith("/messages", StringComparison.Ordinal) ? Provider.Anthropic : Provider.OpenAi;
        await ProviderErrors.WriteAsync(context, provider, StatusCodes.Status404NotFound, $"mock 404: unknown route {method} {path}");
    }

    /// <returns>The recorded credential headers (batch lines are run with them).</returns>
    private IReadOnlyDictionary<string, string> Record(HttpRequest request, string path, byte[] body)
    {
        Dictionary<string, string>? headers = null;
        foreach (var name in RecordedHeaders)
        {
            if (request.Headers.TryGetValue(name, out var value))
            {
                headers ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                headers[name] = value.ToString();
            }
        }

        _recorder.Add(new RecordedRequest
        {
            Method = request.Method,
            Path = path,
            Query = request.QueryString.Value ?? string.Empty,
            Body = body.Length == 0 ? string.Empty : System.Text.Encoding.UTF8.GetString(body),
            Headers = headers ?? NoHeaders,
            ReceivedAt = DateTimeOffset.UtcNow,
        });
        return headers ?? NoHeaders;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is long length and <= int.MaxValue)
        {
            if (length == 0)
            {
                return [];
            }

            var buffer = new byte[length];
            await request.Body.ReadExactlyAsync(buffer, cancellationToken);
            return buffer;
        }

        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }
}
