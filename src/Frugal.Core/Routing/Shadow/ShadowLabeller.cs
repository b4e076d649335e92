using System.Text.Json;
using Frugal.Core.Accounting.Ledger;
using Frugal.Core.Configuration.Live;
using Frugal.Core.Pipeline;
using Frugal.Core.Routing.Routes;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Frugal.Core.Routing.Shadow;

/// <summary>
/// Labels sampled requests off the client's path: sends the prompt to the route's strong model, asks
/// the judge model whether the weak answer was good enough, and stores the label. Each of the two calls
/// is its own ledger entry with endpoint <c>evaluation</c> (attributed to the client's key and team), so
/// reports show what labelling costs apart from client spend. The calls go through the <see cref="EvaluationPipeline"/>;
/// whether budgets count them is <c>budgets.evaluationSpend</c> (a call a budget cannot pay is refused and logged,
/// and no label is stored). A graceful stop drains the queue. Each call runs on the configuration current when it starts.
/// </summary>
public sealed partial class ShadowLabeller : BackgroundService
{
    public const string EvaluationEndpoint = LedgerEndpoint.Evaluation;

    private readonly ShadowQueue _queue;
    private readonly ConfigGenerations _generations;
    private readonly IRouterLabelStore _labels;
    private readonly TimeProvider _time;
    private readonly ILogger<ShadowLabeller> _logger;
    private long _labelled;

    public ShadowLabeller(ShadowQueue queue, ConfigGenerations generations, IRouterLabelStore labels, TimeProvider time, ILogger<ShadowLabeller> logger)
    {
        _queue = queue;
        _generations = generations;
        _labels = labels;
        _time = time;
        _logger = logger;
    }

    /// <summary>Labels stored since start.</summary>
    public long Labelled => Interlocked.Read(ref _labelled);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await LabelSafelyAsync(job).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync drains what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        while (_queue.Reader.TryRead(out var job))
        {
            await LabelSafelyAsync(job).ConfigureAwait(false);
        }
    }

    private async Task LabelSafelyAsync(ShadowJob job)
    {
        try
        {
            await LabelAsync(job).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogFailed(_logger, job.RequestId, ex.GetType().Name, ex.Message);
        }
    }

    private async Task LabelAsync(ShadowJob job)
    {
        var strong = await CallAsync(job, "shadow", job.StrongModel, Copy(job.Chat)).ConfigureAwait(false);
        if (strong is null)
        {
            return;
        }

        var question = PromptView.LastUserMessage(job.Chat);
        var judgeRequest = new ChatCompletionRequest
        {
            Messages =
            [
                new ChatMessage { Role = "system", Content = Text(JudgePrompt.System) },
                new ChatMessage { Role = "user", Content = Text(JudgePrompt.User(question, strong, job.WeakAnswer)) },
            ],
            Temperature = 0,
        };
        var verdict = await CallAsync(job, "judge", job.JudgeModel, judgeRequest).ConfigureAwait(false);
        if (JudgePrompt.Parse(verdict) is not { } good)
        {
            LogNoVerdict(_logger, job.RequestId, job.JudgeModel);
            return;
        }

        await _labels.AddAsync(
            new RouterLabelRecord(_time.GetUtcNow(), job.RequestId, job.Route, question, job.WeakModel, job.StrongModel, job.JudgeModel, good, verdict!.Length > 200 ? verdict[..200] : verdict),
            CancellationToken.None).ConfigureAwait(false);
        Interlocked.Increment(ref _labelled);
    }

    /// <summary>One evaluation call through the evaluation pipeline; the answer text, or null when it failed or was refused (logged).</summary>
    private async Task<string?> CallAsync(ShadowJob job, string purpose, string model, ChatCompletionRequest chat)
    {
        chat.Model = model;
        chat.Stream = null;
        chat.StreamOptions = null;
        chat.N = null;
        var request = GatewayRequest.ForChat($"{job.RequestId}-{purpose}", job.Tenant, chat, _time.GetTimestamp());
        request.Features.Set(new LedgerEndpoint(EvaluationEndpoint));
        using var generation = _generations.Enter();
        if (generation.Generation.Get<ModelResolver>().Resolve(model) is not { } target)
        {
            return null;
        }

        request.Features.Set(new RoutingFeature { Target = target });
        // The evaluation pipeline: ledger (→ budget reservation when evaluation spend is counted) → dispatch; no routing or caching.
        var calls = generation.Generation.Get<EvaluationPipeline>().Handler;
        var result = await calls.SendAsync(request, CancellationToken.None).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            LogCallFailed(_logger, job.RequestId, purpose, model, result.Error.Code ?? result.Error.Type);
            return null;
        }

        return result.Value.Response.Choices.FirstOrDefault()?.Message.TextContent() ?? string.Empty;
    }

    /// <summary>A deep copy: the client's request object is never changed after it was answered.</summary>
    private static ChatCompletionRequest Copy(ChatCompletionRequest chat)
        => JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(chat, ProtocolJson.Context.ChatCompletionRequest), ProtocolJson.Context.ChatCompletionRequest)!;

    private static JsonElement Text(string text) => JsonSerializer.SerializeToElement(text, ProtocolJson.Context.String);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Shadow labelling of {RequestId}: the {Purpose} call to {Model} failed ({Error})")]
    private static partial void LogCallFailed(ILogger logger, string requestId, string purpose, string model, string error);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Shadow labelling of {RequestId}: judge {Model} gave no YES/NO verdict; no label stored")]
    private static partial void LogNoVerdict(ILogger logger, string requestId, string model);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "Shadow labelling of {RequestId} failed: {Type}: {Message}")]
    private static partial void LogFailed(ILogger logger, string requestId, string type, string message);
}
