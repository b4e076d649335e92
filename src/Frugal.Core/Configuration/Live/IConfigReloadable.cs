namespace Frugal.Core.Configuration.Live;

/// <summary>
/// A shared service (one per process, with state that must outlive a reload) that follows the applied configuration:
/// the price book, the budget catalog, the circuit breakers, the batch clients. <see cref="ConfigGenerations"/> calls
/// <see cref="Apply"/> with each configuration it applies, before it builds the new generation over these services.
/// Implementations swap what they derive from the configuration in one reference write, so a reader sees either the
/// old or the new set, never half of each.
/// </summary>
public interface IConfigReloadable
{
    void Apply(GatewayConfig config);
}
