namespace Frugal.Core.Configuration;

/// <summary>A model name clients may use, mapped to a provider and the provider's own name for it.</summary>
public sealed record ModelConfig
{
    public required string Name { get; init; }

    public required string Provider { get; init; }

    /// <summary>The provider's model id (for Azure, the deployment name); defaults to <see cref="Name"/>.</summary>
    public string? UpstreamModel { get; init; }

    /// <summary>Store prompt and response bodies in the ledger for calls to this model.</summary>
    public bool StoreBodies { get; init; }

    /// <summary>What calls the model answers (<c>"mode"</c>); null: the catalog's mode for it, else chat.</summary>
    public ModelMode? Mode { get; init; }

    public string EffectiveUpstreamModel => UpstreamModel ?? Name;
}
