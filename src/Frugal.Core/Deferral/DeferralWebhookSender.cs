using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Frugal.Core.Deferral;

/// <summary>
/// Posts finished deferred calls' result envelopes (<see cref="DeferredJson.Envelope"/>) to their webhooks, signed
/// (<see cref="WebhookSignature"/>). A 2xx answer is delivered; anything else (or no answer within the timeout) is
/// retried after <c>initialBackoff × 2^(attempt−1)</c> ± 20 % jitter (at most <c>maxBackoff</c>) on the injected
/// clock, up to <c>maxAttempts</c>, then abandoned. The schedule is in deferral.db, so a restart resumes it. Redirects
/// are not followed (a webhook cannot bounce Frugal to another address).
/// </summary>
public sealed partial class DeferralWebhookSender : BackgroundService
{
    private const int PerPass = 50;

    private readonly DeferralWebhookConfig _config;
    private readonly IDeferredStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<DeferralWebhookSender> _logger;
    private readonly HttpClient _http;
    private readonly string? _secret;
    private readonly TimeSpan _interval;
    private readonly SemaphoreSlim _nudge = new(0, 1);
    private readonly SemaphoreSlim _pass = new(1, 1);

    public DeferralWebhookSender(DeferralConfig config, IDeferredStore store, TimeProvider time, ILogger<DeferralWebhookSender> logger)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config.Webhook;
        _store = store;
        _time = time;
        _logger = logger;
        _secret = config.Webhook.ResolveSecret();
        _interval = config.GatherInterval;
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = config.Webhook.Timeout,
        };
    }

    /// <summary>True when a secret is configured: webhooks are only ever sent signed.</summary>
    public bool CanSign => _secret is not null;

    public void Nudge()
    {
        try
        {
            if (_nudge.CurrentCount == 0)
            {
                _nudge.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already nudged.
        }
    }

    /// <summary>One pass over the due deliveries; returns how many were delivered.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        await _pass.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var delivered = 0;
            foreach (var call in _store.DueWebhooks(_time.GetUtcNow(), PerPass))
            {
                if (await DeliverAsync(call, cancellationToken).ConfigureAwait(false))
                {
                    delivered++;
                }
            }

            return delivered;
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1, jittered by <paramref name="jitter"/> in [−1, 1].</summary>
    public static TimeSpan Backoff(DeferralWebhookConfig config, int attempt, double jitter)
    {
        ArgumentNullException.ThrowIfNull(config);
        var exponent = Math.Min(attempt - 1, 30);
        var seconds = Math.Min(config.InitialBackoff.TotalSeconds * Math.Pow(2, exponent), config.MaxBackoff.TotalSeconds);
        return TimeSpan.FromSeconds(seconds * (1 + (0.2 * Math.Clamp(jitter, -1, 1))));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeliverDueAsync(stoppingToken).ConfigureAwait(false);
                using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                await Task.WhenAny(_nudge.WaitAsync(wake.Token), Task.Delay(_interval, _time, wake.Token)).ConfigureAwait(false);
                await wake.CancelAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the loop must survive a failing pass (store busy); it is logged and retried
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogPassFailed(_logger, ex.GetType().Name, ex.Message);
            }
        }
    }

    private async Task<bool> DeliverAsync(DeferredCall call, CancellationToken cancellationToken)
    {
        var attempt = call.WebhookAttempts + 1;
        if (_secret is null || call.WebhookUrl is null)
        {
            _store.WebhookAbandoned(call.Id, call.WebhookAttempts);
            return false;
        }

        var body = DeferredJson.Envelope(call);
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, call.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, WebhookSignature.Sign(_secret, timestamp, body));
        request.Headers.TryAddWithoutValidation(WebhookSignature.IdHeader, call.Id);
        request.Headers.TryAddWithoutValidation(WebhookSignature.AttemptHeader, attempt.ToString(CultureInfo.InvariantCulture));
        int? status = null;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            status = (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            // No answer: retried like a 5xx.
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The webhook timed out: retried like a 5xx.
        }

        if (status is >= 200 and < 300)
        {
            _store.WebhookDelivered(call.Id);
            return true;
        }

        if (attempt >= _config.MaxAttempts)
        {
            _store.WebhookAbandoned(call.Id, attempt);
            LogAbandoned(_logger, call.Id, attempt, status ?? 0);
            return false;
        }

#pragma warning disable CA5394 // jitter spreads retries; it needs no cryptographic randomness
        var wait = Backoff(_config, attempt, (Random.Shared.NextDouble() * 2) - 1);
#pragma warning restore CA5394
        _store.WebhookRetryAt(call.Id, attempt, _time.GetUtcNow() + wait);
        return false;
    }

    public override void Dispose()
    {
        _http.Dispose();
        _nudge.Dispose();
        _pass.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deferral: webhook for {Id} abandoned after {Attempts} attempts (last status {Status})")]
    private static partial void LogAbandoned(ILogger logger, string id, int attempts, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deferral: a webhook pass failed ({Type}: {Message})")]
    private static partial void LogPassFailed(ILogger logger, string type, string message);
}
