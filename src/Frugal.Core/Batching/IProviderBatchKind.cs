using Frugal.Core.Configuration;

namespace Frugal.Core.Batching;

/// <summary>
/// Optional second interface of an <see cref="Dispatch.IProviderKind"/> whose API has a batch endpoint.
/// The batch registry asks it for one client per configured provider whose <c>"batch"</c> setting (or,
/// when unset, <see cref="BatchByDefault"/>) is true. A kind without it has no batches: its lines run as
/// ordinary calls.
/// </summary>
public interface IProviderBatchKind
{
    /// <summary>Whether a provider of this kind whose config does not say <c>"batch"</c> uses the batch API.</summary>
    bool BatchByDefault(ProviderConfig provider);

    /// <summary>The provider's batch client, or <see langword="null"/> when this provider cannot have one (e.g. Azure OpenAI).</summary>
    IProviderBatchClient? CreateBatchClient(ProviderConfig provider, HttpClient http, TimeProvider time);
}
