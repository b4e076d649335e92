using Frugal.Core.Pipeline;

namespace Frugal.Core.Batching;

/// <summary>
/// A job to run: every line's body is an OpenAI request for <see cref="Endpoint"/> naming the same model.
/// <see cref="Origin"/> says where it came from (<c>"api"</c>: a client's <c>/v1/batches</c>;
/// <c>"deferred"</c>: calls gathered by deferral) and is kept with the job and its ledger rows.
/// </summary>
public sealed record BatchJobRequest(
    Tenant Tenant,
    string Endpoint,
    IReadOnlyList<ProviderBatchLine> Lines,
    string Origin,
    IReadOnlyDictionary<string, string> Metadata);
