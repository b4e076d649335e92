namespace Frugal.Core.Configuration.Live;

/// <summary>A request's hold on the generation it runs on (<see cref="ConfigGenerations.Enter"/>); disposing it lets a retired generation go.</summary>
public readonly struct GenerationLease(ConfigGeneration generation) : IDisposable
{
    public ConfigGeneration Generation { get; } = generation;

    public void Dispose() => Generation?.Exit();
}
