namespace Frugal.Core.Batching;

/// <summary>
/// Which configured providers have a batch API Frugal can use. A provider whose kind has none
/// (or that is configured <c>"batch": false</c>) has no client here: its batch lines run as
/// ordinary calls at the normal price.
/// </summary>
public interface IProviderBatchRegistry
{
    /// <summary>The provider's batch client, or <see langword="null"/> when lines for it run synchronously.</summary>
    IProviderBatchClient? Find(string providerName);
}
