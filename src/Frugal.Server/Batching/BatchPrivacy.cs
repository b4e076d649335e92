using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Frugal.Core.Batching;
using Frugal.Core.Configuration;
using Frugal.Core.Configuration.Live;
using Frugal.Core.Pipeline;
using Frugal.Core.Privacy;
using Frugal.Core.Routing;
using Frugal.Core.Routing.Routes;
using Frugal.Protocol.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Server.Batching;

/// <summary>
/// The privacy check of a new batch job. Batch lines never pass the privacy stage (they go to a provider's batch API
/// or run as direct provider calls), so they cannot be masked: when <c>privacy.enabled</c>, every line's user text is
/// scanned with the same detectors and the policy a synchronous call of that key and model would get, and a job with
/// any entity the policy acts on (mask, redact or block) is refused, naming the lines and the entity types, never the
/// values. Fails closed: a line that cannot be read or scanned (detector error, <c>privacy.timeout</c> per line)
/// refuses the job. Deferred calls were masked before they were deferred, so they pass.
/// </summary>
public sealed class BatchPrivacy
{
    private readonly PrivacyConfig _config;
    private readonly IPiiMasker? _masker;
    private readonly ConfigGenerations? _generations;

    public BatchPrivacy(GatewayConfig config, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(services);
        _config = config.Section<PrivacyConfig>();
        if (_config.Enabled)
        {
            _masker = services.GetService<IPiiMasker>()
                ?? new PiiMasker(PiiScanner.Create(_config), _config.Timeout, services.GetService<TimeProvider>() ?? TimeProvider.System);
            _generations = services.GetRequiredService<ConfigGenerations>(); // the policy follows the current models and routes
        }
    }

    /// <summary>Null when the job may go (privacy off, policy off for this key and model, or no line carries personal data).</summary>
    public GatewayError? Check(Tenant tenant, string requestedModel, string endpoint, IReadOnlyList<ProviderBatchLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (_masker is null || _generations is null)
        {
            return null;
        }

        var generation = _generations.Current;
        var policy = new PrivacyPolicyResolver(_config, generation.Get<ModelResolver>(), generation.Get<RouteCatalog>()).Resolve(tenant, requestedModel);
        if (!policy.IsActive)
        {
            return null;
        }

        var problems = new BatchFileProblems();
        for (var i = 0; i < lines.Count; i++)
        {
            var number = i + 1;
            GatewayRequest? request;
            try
            {
                request = Request(tenant, endpoint, lines[i]);
            }
            catch (JsonException)
            {
                request = null;
            }

            if (request is null)
            {
                problems.Add(number, "the body could not be read for the personal-data check");
                continue;
            }

            PiiMaskResult result;
            try
            {
                result = _masker.Mask(request, policy);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return ScanFailed(number, ex);
            }

            if (result.Counts.Count > 0)
            {
                var types = result.Counts.Keys.Order(StringComparer.Ordinal);
                problems.Add(number, $"contains personal data ({string.Join(", ", types)}); batch lines are not masked: remove it, or send the call synchronously where it is masked");
            }
        }

        return problems.Any
            ? GatewayError.InvalidRequest(problems.Message("The batch carries personal data, nothing was submitted"), code: "invalid_batch_file")
            : null;
    }

    private static GatewayRequest? Request(Tenant tenant, string endpoint, ProviderBatchLine line)
    {
        if (endpoint == BatchEndpoints.Embeddings)
        {
            return JsonSerializer.Deserialize(line.Body.Span, ProtocolJson.Context.EmbeddingRequest) is { } embedding
                ? GatewayRequest.ForEmbedding(line.CustomId, tenant, embedding, 0)
                : null;
        }

        return JsonSerializer.Deserialize(line.Body.Span, ProtocolJson.Context.ChatCompletionRequest) is { } chat
            ? GatewayRequest.ForChat(line.CustomId, tenant, chat, 0)
            : null;
    }

    /// <summary>422 <c>pii_masking_failed</c>, as a synchronous call gets: the scan could not finish, so nothing is submitted.</summary>
    private static GatewayError ScanFailed(int line, Exception ex)
    {
        var reason = ex switch
        {
            PiiMaskingTimeoutException => "time limit reached",
            RegexMatchTimeoutException => "a pattern timed out",
            _ => "detector error",
        };
        return new GatewayError(GatewayErrorKind.InvalidRequest, 422,
            string.Create(CultureInfo.InvariantCulture, $"The batch was not submitted: the personal-data check of line {line} could not finish ({reason}). Nothing was submitted; shorten or split the text and retry."),
            "invalid_request_error", "pii_masking_failed");
    }
}
