using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Core.Configuration.Live;

/// <summary>
/// The configuration the gateway runs on now, behind one volatile reference. <see cref="Apply"/> brings the shared
/// services along (<see cref="IConfigReloadable"/>), builds the next <see cref="ConfigGeneration"/> beside the current
/// one and swaps it in; requests already running finish on the generation they entered.
/// </summary>
public sealed class ConfigGenerations : IDisposable
{
    private readonly IServiceProvider _root;
    private readonly PerGenerationService[] _services;
    private readonly TimeProvider _time;
    private readonly Lock _applyGate = new();
    private readonly List<ConfigGeneration> _retired = [];
    private readonly GatewayConfig _started;
    private volatile ConfigGeneration? _current;
    private bool _buildingFirst;

    /// <summary>
    /// Cheap: the first generation is built on first use (the host does it before its background services start), so
    /// services that take this holder can themselves be used by the pipeline the first generation builds.
    /// </summary>
    public ConfigGenerations(IServiceProvider root, GatewayConfig config, IEnumerable<PerGenerationService> services, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(time);
        _root = root;
        _started = config;
        _services = [.. services];
        _time = time;
    }

    /// <summary>The generation new requests enter. Read it once per request, through <see cref="Enter"/>.</summary>
    public ConfigGeneration Current => _current ?? First();

    /// <summary>Enters the current generation for the length of a request (or one background call).</summary>
    public GenerationLease Enter()
    {
        while (true)
        {
            var generation = Current;
            if (generation.TryEnter())
            {
                return new GenerationLease(generation);
            }

            // Retired between the read and the enter: the swap has already published its successor.
        }
    }

    /// <summary>
    /// Applies <paramref name="config"/>: the shared services first (the new generation is built over them), then the
    /// generation. If building it throws, the shared services are put back on the running configuration and the
    /// exception propagates; nothing has changed for requests.
    /// </summary>
    public ConfigGeneration Apply(GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        lock (_applyGate)
        {
            var previous = Current;
            var shared = _root.GetServices<IConfigReloadable>().ToArray();
            ConfigGeneration next;
            try
            {
                foreach (var service in shared)
                {
                    service.Apply(config);
                }

                next = new ConfigGeneration(previous.Number + 1, config, _time.GetUtcNow(), _root, _services);
            }
            catch
            {
                foreach (var service in shared)
                {
                    service.Apply(previous.Config);
                }

                throw;
            }

            _current = next;
            previous.Retire();
            _retired.RemoveAll(g => g.Active == 0);
            _retired.Add(previous);
            return next;
        }
    }

    public void Dispose()
    {
        lock (_applyGate)
        {
            foreach (var generation in _retired)
            {
                generation.DisposeOwned();
            }

            _retired.Clear();
            _current?.DisposeOwned();
        }
    }

    private ConfigGeneration First()
    {
        lock (_applyGate)
        {
            if (_current is { } built)
            {
                return built;
            }

            if (_buildingFirst)
            {
                // Same thread, inside the build: a per-generation service's factory asked for the current generation.
                throw new InvalidOperationException("A service built for the first configuration generation asked for the current generation while it was being built; take ConfigGenerations and read Current when it is used, not when it is built.");
            }

            _buildingFirst = true;
            try
            {
                return _current = new ConfigGeneration(1, _started, _time.GetUtcNow(), _root, _services);
            }
            finally
            {
                _buildingFirst = false;
            }
        }
    }
}
