using System.Text.Json;
using Frugal.Core.Accounting;
using Frugal.Core.Batching;
using Frugal.Core.Configuration.Live;
using Frugal.Core.Dispatch;
using Frugal.Core.Pipeline;
using Frugal.Protocol.Json;
using Frugal.Server.Http;

namespace Frugal.Server.Batching;

/// <summary>
/// Runs a line as an ordinary call through the target provider's client (providers without a batch API, and the
/// synchronous retry policy): one call with the provider's timeout, no stages (the job was admitted and reserved as a
/// whole), normal price. Failures come back as the line's error answer; 429/5xx/timeouts/connection failures are
/// retryable, anything else is final. The provider is the current configuration's (a reload may have rotated its key).
/// </summary>
public sealed class BatchLineRunner(ConfigGenerations generations)
{
    public async Task<BatchLineRun> RunAsync(BatchJobRecord job, PendingBatchLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(line);
        var tries = line.Tries + 1;
        using var generation = generations.Enter();
        var provider = generation.Generation.Config.Providers.TryGetValue(job.Provider, out var configured) ? configured : null;
        if (provider is null)
        {
            return Failed(line, tries, GatewayError.Internal($"provider '{job.Provider}' of this batch is no longer configured"), retryable: false);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(provider.Timeout);
        try
        {
            var client = generation.Generation.Get<IProviderRegistry>().Get(job.Provider);
            return job.Endpoint == BatchEndpoints.Embeddings
                ? await EmbedAsync(client, job, line, tries, timeout.Token).ConfigureAwait(false)
                : await ChatAsync(client, job, line, tries, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(line, tries, GatewayError.UpstreamTimeout(job.Provider, provider.Timeout, 1), retryable: true);
        }
        catch (HttpRequestException ex)
        {
            return Failed(line, tries, GatewayError.UpstreamFailed(job.Provider, "connection failed (" + ex.HttpRequestError + ")"), retryable: true);
        }
        catch (JsonException)
        {
            return Failed(line, tries, GatewayError.InvalidRequest("the line's body is not a valid request for " + job.Endpoint, "body"), retryable: false);
        }
    }

    private static async Task<BatchLineRun> ChatAsync(IProviderClient client, BatchJobRecord job, PendingBatchLine line, int tries, CancellationToken token)
    {
        var request = JsonSerializer.Deserialize(line.Body.Span, ProtocolJson.Context.ChatCompletionRequest)
            ?? throw new JsonException("null body");
        if (request.IsStreaming)
        {
            return Failed(line, tries, GatewayError.InvalidRequest("stream: true is not supported in a batch line", "stream"), retryable: false);
        }

        var call = new ProviderCall(request, job.UpstreamModel);
        var result = await client.SendAsync(call, token).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            var billed = call.UsageOfUnusableAnswer is { } usage ? OpenAIUsage.ToTokenUsage(usage) : default;
            return Failed(line, tries, result.Error, result.Error.Retryable) with { Usage = billed };
        }

        var completion = result.Value!;
        var body = completion.RawJson.IsEmpty
            ? JsonSerializer.SerializeToUtf8Bytes(completion.Response, ProtocolJson.Context.ChatCompletionResponse)
            : completion.RawJson;
        return new BatchLineRun(line.CustomId, 200, body, OpenAIUsage.ToTokenUsage(completion.Response.Usage), Batched: false, Retryable: false, tries);
    }

    private static async Task<BatchLineRun> EmbedAsync(IProviderClient client, BatchJobRecord job, PendingBatchLine line, int tries, CancellationToken token)
    {
        var request = JsonSerializer.Deserialize(line.Body.Span, ProtocolJson.Context.EmbeddingRequest)
            ?? throw new JsonException("null body");
        var result = await client.EmbedAsync(new ProviderEmbeddingCall(request, job.UpstreamModel), token).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            return Failed(line, tries, result.Error, result.Error.Retryable);
        }

        var embedded = result.Value!;
        var usage = new TokenUsage(embedded.Usage?.PromptTokens ?? 0, 0, 0, 0, 0, 0);
        return new BatchLineRun(line.CustomId, 200, embedded.RawJson, usage, Batched: false, Retryable: false, tries);
    }

    private static BatchLineRun Failed(PendingBatchLine line, int tries, GatewayError error, bool retryable)
        => new(line.CustomId, error.StatusCode, ErrorResponses.ToJson(error), default, Batched: false, retryable, tries);
}
