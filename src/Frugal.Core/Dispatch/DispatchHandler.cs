using System.Runtime.CompilerServices;
using Frugal.Core.Accounting;
using Frugal.Core.Pipeline;
using Frugal.Core.Routing;
using Frugal.Core.Security;
using Microsoft.Extensions.Logging;

namespace Frugal.Core.Dispatch;

/// <summary>
/// The terminal stage: calls the provider chosen by routing, with a timeout per attempt and
/// retries with backoff for 429, 5xx, timeouts and connection failures. Streams are opened and
/// their first chunk awaited here, so every retry happens before the client sees a byte.
/// </summary>
public sealed partial class DispatchHandler(IProviderRegistry providers, TimeProvider time, ILogger<DispatchHandler> logger) : IGatewayHandler
{
    /// <summary>Retry-after values beyond this are handed to the client instead of waited out.</summary>
    private static readonly TimeSpan MaxRetryWait = TimeSpan.FromSeconds(30);

    public ValueTask<GatewayResult<ChatCompletion>> SendAsync(GatewayRequest request, CancellationToken cancellationToken)
        => WithRetriesAsync(request, (client, target, attempt) => SendOnceAsync(request, client, target, attempt), cancellationToken);

    public ValueTask<GatewayResult<ChatStream>> StreamAsync(GatewayRequest request, CancellationToken cancellationToken)
        => WithRetriesAsync(request, (client, target, attempt) => OpenStreamAsync(request, client, target, attempt), cancellationToken);

    public ValueTask<GatewayResult<EmbeddingResult>> EmbedAsync(GatewayRequest request, CancellationToken cancellationToken)
        => WithRetriesAsync(request, (client, target, attempt) => EmbedOnceAsync(request, client, target, attempt), cancellationToken);

    private async ValueTask<GatewayResult<ChatCompletion>> SendOnceAsync(GatewayRequest request, IProviderClient client, RouteTarget target, AttemptScope attempt)
    {
        var call = new ProviderCall(request.Chat!, target.UpstreamModel);
        var result = await client.SendAsync(call, attempt.Token).ConfigureAwait(false);
        if (result.IsSuccess)
        {
            var upstream = request.Features.GetOrAdd<UpstreamCallFeature>();
            upstream.ReportUsage(OpenAIUsage.ToTokenUsage(result.Value.Response.Usage));
            upstream.FirstTokenTimestamp = time.GetTimestamp();
        }
        else if (call.UsageOfUnusableAnswer is { } billed)
        {
            // A 200 the adapter could not use was still billed: the ledger prices what the upstream reported.
            request.Features.GetOrAdd<UpstreamCallFeature>().ReportUsage(OpenAIUsage.ToTokenUsage(billed));
        }

        return result;
    }

    private static async ValueTask<GatewayResult<EmbeddingResult>> EmbedOnceAsync(GatewayRequest request, IProviderClient client, RouteTarget target, AttemptScope attempt)
    {
        var result = await client.EmbedAsync(new ProviderEmbeddingCall(request.Embedding!, target.UpstreamModel), attempt.Token).ConfigureAwait(false);
        if (result.IsSuccess && result.Value.Usage is { } usage)
        {
            request.Features.GetOrAdd<UpstreamCallFeature>().ReportUsage(new TokenUsage(usage.PromptTokens, 0, 0, 0, 0, 0));
        }

        return result;
    }

    private async ValueTask<GatewayResult<ChatStream>> OpenStreamAsync(GatewayRequest request, IProviderClient client, RouteTarget target, AttemptScope attempt)
    {
        var opened = await client.StreamAsync(new ProviderCall(request.Chat!, target.UpstreamModel), attempt.Token).ConfigureAwait(false);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        var upstream = opened.Value;
        var chunks = upstream.Chunks.GetAsyncEnumerator(attempt.Token);
        var owner = new StreamOwner(chunks, upstream, attempt.TakeOwnership());
        try
        {
            if (!await chunks.MoveNextAsync().ConfigureAwait(false))
            {
                await owner.DisposeAsync().ConfigureAwait(false);
                return GatewayError.UpstreamFailed(client.Name, "the stream ended before its first chunk");
            }
        }
        catch (GatewayStreamException ex)
        {
            await owner.DisposeAsync().ConfigureAwait(false);

            // Nothing reached the client, so another attempt is possible — except for an answer too
            // large to read, which would most likely be as large again (and billed again).
            return UpstreamErrors.IsResponseTooLarge(ex.Error) ? ex.Error : ex.Error with { Retryable = true };
        }
        catch
        {
            await owner.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        // The first chunk is in: the timeout covered the wait for it; the rest may take as long as the model needs.
        owner.DisarmTimeout();
        var call = request.Features.GetOrAdd<UpstreamCallFeature>();
        call.FirstTokenTimestamp = time.GetTimestamp();
        return new ChatStream(ContinueAsync(call, client.Name, chunks, attempt.Token), owner);
    }

    private async IAsyncEnumerable<ChatChunk> ContinueAsync(UpstreamCallFeature call, string provider, IAsyncEnumerator<ChatChunk> chunks, [EnumeratorCancellation] CancellationToken attemptToken)
    {
        var chunk = chunks.Current;
        while (true)
        {
            if (chunk.Parsed.Usage is { } usage)
            {
                call.ReportUsage(OpenAIUsage.ToTokenUsage(usage));
            }

            yield return chunk;
            bool more;
            try
            {
                more = await chunks.MoveNextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException && attemptToken.IsCancellationRequested)
            {
                // Cancelling a read tears the connection down, which can surface as an I/O error: it was the client leaving.
                throw new OperationCanceledException("The client closed the stream.", ex, attemptToken);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                throw new GatewayStreamException(GatewayError.UpstreamFailed(provider, "the connection was lost in the middle of the stream"));
            }
            catch (Exception ex) when (ex is not (GatewayStreamException or OperationCanceledException) && attemptToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The client closed the stream.", ex, attemptToken);
            }
            catch (Exception ex) when (ex is not (GatewayStreamException or OperationCanceledException))
            {
                // The response has started: whatever went wrong reading the upstream is reported in-band, never as a torn connection.
                LogUnusableAnswer(logger, provider, ex.GetType().Name, CredentialMasker.Generic.Clean(ex.Message) ?? string.Empty);
                throw new GatewayStreamException(UpstreamErrors.UnusableAnswer(provider, ex.GetType().Name));
            }

            if (!more)
            {
                yield break;
            }

            chunk = chunks.Current;
        }
    }

    private async ValueTask<GatewayResult<T>> WithRetriesAsync<T>(
        GatewayRequest request,
        Func<IProviderClient, RouteTarget, AttemptScope, ValueTask<GatewayResult<T>>> attemptOnce,
        CancellationToken cancellationToken)
        where T : class
    {
        if (request.Features.Get<RoutingFeature>()?.Target is not { } target)
        {
            return GatewayError.Internal("No route target was chosen for this request.");
        }

        var client = providers.Get(target.Provider.Name);
        var upstream = request.Features.GetOrAdd<UpstreamCallFeature>();
        upstream.Provider = target.Provider.Name;
        upstream.UpstreamModel = target.UpstreamModel;
        var timeout = target.Provider.Timeout;
        for (var attemptNumber = 1; ; attemptNumber++)
        {
            var started = time.GetTimestamp();
            GatewayResult<T> result;
            using (var attempt = new AttemptScope(timeout, cancellationToken))
            {
                try
                {
                    result = await attemptOnce(client, target, attempt).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    result = GatewayError.ClientClosed();
                }
                catch (OperationCanceledException)
                {
                    result = GatewayError.UpstreamTimeout(client.Name, timeout, attemptNumber);
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException)
                {
                    result = GatewayError.UpstreamFailed(client.Name, $"connection failed ({Describe(ex)})");
                }
                catch (GatewayStreamException ex)
                {
                    result = ex.Error;
                }
                catch (Exception) when (cancellationToken.IsCancellationRequested)
                {
                    // Torn down by the client leaving; what that surfaced as does not matter.
                    result = GatewayError.ClientClosed();
                }
                catch (Exception ex)
                {
                    // An adapter failed on something it received (or a bug): the call may have been billed,
                    // so the client gets a 502 naming the provider, never a 500, and the log says what broke.
                    LogUnusableAnswer(logger, client.Name, ex.GetType().Name, CredentialMasker.Generic.Clean(ex.Message) ?? string.Empty);
                    result = UpstreamErrors.UnusableAnswer(client.Name, ex.GetType().Name);
                }
            }

            var error = result.Error;
            upstream.AddAttempt(new AttemptRecord(client.Name, target.UpstreamModel, error is null ? 200 : error.UpstreamStatus ?? error.StatusCode, error?.Kind, time.GetElapsedTime(started)));
            if (error is null || !error.Retryable || attemptNumber > target.Provider.MaxRetries || cancellationToken.IsCancellationRequested)
            {
                if (error is not null && error.Kind != GatewayErrorKind.ClientClosed)
                {
                    // The upstream's own status (429, 503, …) beside what the client gets, so an operator can tell them apart.
                    LogAttemptFailed(logger, client.Name, attemptNumber, error.Kind, UpstreamStatusText(error), error.StatusCode);
                }

                return error is { Kind: GatewayErrorKind.UpstreamTimeout } ? GatewayError.UpstreamTimeout(client.Name, timeout, attemptNumber) : result;
            }

            var delay = Backoff(target.Provider.RetryBaseDelay, attemptNumber, error.RetryAfterSeconds);
            if (delay > MaxRetryWait)
            {
                return result;
            }

            LogRetry(logger, client.Name, attemptNumber, error.Kind, UpstreamStatusText(error), (long)delay.TotalMilliseconds);
            try
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return GatewayError.ClientClosed();
            }
        }
    }

    /// <summary>Exponential backoff with ±25% jitter, never shorter than the upstream's retry-after.</summary>
    private static TimeSpan Backoff(TimeSpan baseDelay, int attemptNumber, int? retryAfterSeconds)
    {
        var exponential = baseDelay * Math.Pow(2, attemptNumber - 1) * (0.75 + (Random.Shared.NextDouble() * 0.5));
        return retryAfterSeconds is { } seconds && TimeSpan.FromSeconds(seconds) > exponential ? TimeSpan.FromSeconds(seconds) : exponential;
    }

    /// <summary>What went wrong on the wire, without the exception's message (which may quote URLs).</summary>
    private static string Describe(Exception ex) => ex is HttpRequestException http ? http.HttpRequestError.ToString() : ex.GetType().Name;

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Provider {Provider}: its answer could not be processed ({ExceptionType}: {ExceptionMessage})")]
    private static partial void LogUnusableAnswer(ILogger logger, string provider, string exceptionType, string exceptionMessage);

    /// <summary>"HTTP 503" when the upstream answered, else "no answer" (timeout, connection failure).</summary>
    private static string UpstreamStatusText(GatewayError error) => error.UpstreamStatus is { } status ? $"HTTP {status}" : "no answer";

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Provider {Provider} attempt {Attempt} failed ({Kind}, upstream {UpstreamStatus}); retrying in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, string provider, int attempt, GatewayErrorKind kind, string upstreamStatus, long delayMs);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Provider {Provider} failed on attempt {Attempt} ({Kind}, upstream {UpstreamStatus}); gateway status {Status}")]
    private static partial void LogAttemptFailed(ILogger logger, string provider, int attempt, GatewayErrorKind kind, string upstreamStatus, int status);
}
