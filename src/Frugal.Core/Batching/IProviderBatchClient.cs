namespace Frugal.Core.Batching;

/// <summary>
/// The batch API of one configured provider (OpenAI Files + Batches, Anthropic Message Batches).
/// One HTTP round trip per method except <see cref="CreateAsync"/> (upload, then create) and
/// <see cref="ReadResultsAsync"/> (one download per result file). Like <c>IProviderClient</c>:
/// HTTP-level failures come back as values, transport failures are thrown, and the caller (the
/// batch coordinator) decides about retries. Upstream text goes through the provider's masker.
/// </summary>
public interface IProviderBatchClient
{
    /// <summary>The configured provider's name.</summary>
    string ProviderName { get; }

    /// <summary>Sends the lines to the provider and creates its batch (24 h window).</summary>
    ValueTask<ProviderBatchCallResult> CreateAsync(ProviderBatchRequest request, CancellationToken cancellationToken);

    /// <summary>The provider's view of a batch it created earlier (this is the poll).</summary>
    ValueTask<ProviderBatchCallResult> GetAsync(string providerBatchId, CancellationToken cancellationToken);

    /// <summary>Asks the provider to cancel; the state says whether it is cancelling or already ended.</summary>
    ValueTask<ProviderBatchCallResult> CancelAsync(string providerBatchId, CancellationToken cancellationToken);

    /// <summary>
    /// Every line the provider finished, successful or not, read from the result file(s) of a batch
    /// whose <see cref="ProviderBatchState.Status"/> has ended. Each <c>custom_id</c> at most once.
    /// </summary>
    IAsyncEnumerable<ProviderBatchResult> ReadResultsAsync(ProviderBatchState state, CancellationToken cancellationToken);
}
