using Frugal.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Core.Configuration.Live;

/// <summary>
/// One applied configuration and everything built from it alone: the model resolver, the routes and their planner,
/// the provider clients, the cache policy and the pipeline over them (<see cref="PerGenerationService"/>). A request
/// enters the current generation once, at intake, and runs on it to its last byte, so a reload never changes the
/// configuration under a request in flight. What has state that must outlive a reload (the ledger writer, stores,
/// counters, circuit breakers, caches) comes from the root provider and is shared by every generation.
/// </summary>
public sealed class ConfigGeneration : IServiceProvider
{
    private readonly IServiceProvider _root;
    private readonly Dictionary<Type, Func<IServiceProvider, object>> _factories = [];
    private readonly Dictionary<Type, object> _built = [];
    private readonly HashSet<Type> _building = [];
    private readonly List<IDisposable> _owned = [];
    private IGatewayHandler? _pipeline;
    private int _active;
    private int _retired;
    private int _disposed;

    /// <summary>Builds every per-generation service now, so a configuration that cannot be built is refused before it is applied.</summary>
    public ConfigGeneration(int number, GatewayConfig config, DateTimeOffset appliedAt, IServiceProvider root, IEnumerable<PerGenerationService> services)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(services);
        Number = number;
        Config = config;
        AppliedAt = appliedAt;
        _root = root;
        foreach (var service in services)
        {
            _factories[service.ServiceType] = service.Factory;
        }

        try
        {
            foreach (var type in _factories.Keys)
            {
                GetService(type);
            }
        }
        catch
        {
            DisposeOwned();
            throw;
        }
    }

    /// <summary>1 for the configuration the gateway started with, then one more per applied reload.</summary>
    public int Number { get; }

    public GatewayConfig Config { get; }

    public DateTimeOffset AppliedAt { get; }

    /// <summary>The client pipeline of this configuration (looked up once: every request asks for it).</summary>
    public IGatewayHandler Pipeline => _pipeline ??= this.GetRequiredService<IGatewayHandler>();

    /// <summary>Requests (and background calls) running on this generation now.</summary>
    public int Active => Volatile.Read(ref _active);

    public T Get<T>()
        where T : notnull
        => this.GetRequiredService<T>();

    /// <summary>
    /// The generation's configuration for <see cref="GatewayConfig"/>, its own instance of a per-generation service,
    /// the root provider's for everything else. Instances are all built in the constructor; afterwards this only reads.
    /// </summary>
    public object? GetService(Type serviceType)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceType == typeof(GatewayConfig))
        {
            return Config;
        }

        if (serviceType == typeof(IServiceProvider))
        {
            return this;
        }

        if (!_factories.TryGetValue(serviceType, out var factory))
        {
            return _root.GetService(serviceType);
        }

        if (_built.TryGetValue(serviceType, out var instance))
        {
            return instance;
        }

        if (!_building.Add(serviceType))
        {
            throw new InvalidOperationException($"The per-generation service {serviceType.Name} depends on itself.");
        }

        instance = factory(this);
        _building.Remove(serviceType);
        _built[serviceType] = instance;
        if (instance is IDisposable disposable && !_owned.Contains(disposable))
        {
            _owned.Add(disposable);
        }

        return instance;
    }

    internal bool TryEnter()
    {
        Interlocked.Increment(ref _active);
        if (Volatile.Read(ref _retired) == 0)
        {
            return true;
        }

        Exit();
        return false;
    }

    internal void Exit()
    {
        if (Interlocked.Decrement(ref _active) == 0 && Volatile.Read(ref _retired) == 1)
        {
            DisposeOwned();
        }
    }

    /// <summary>No new request enters; what this generation owns is disposed when the last one in flight leaves (now, if none is).</summary>
    internal void Retire()
    {
        Volatile.Write(ref _retired, 1);
        if (Volatile.Read(ref _active) == 0)
        {
            DisposeOwned();
        }
    }

    /// <summary>At shutdown: whatever is still in flight has been drained by the host.</summary>
    internal void DisposeOwned()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Reverse order of construction, like a DI container: the pipeline before the clients it calls.
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }
    }
}
