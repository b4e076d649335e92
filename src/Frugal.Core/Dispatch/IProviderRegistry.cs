namespace Frugal.Core.Dispatch;

/// <summary>The configured providers' adapters, by provider name.</summary>
public interface IProviderRegistry
{
    IProviderClient Get(string providerName);
}
