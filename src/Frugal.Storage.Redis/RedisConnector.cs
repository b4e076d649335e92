using Frugal.Core.Configuration;
using StackExchange.Redis;

namespace Frugal.Storage.Redis;

/// <summary>
/// The one Redis connection of a gateway process, opened on first use (so a gateway whose features
/// all use other backends never touches Redis) and kept reconnecting in the background. Keys are
/// built with <see cref="Key"/> so every store honours <see cref="RedisConfig.KeyPrefix"/>.
/// </summary>
public sealed class RedisConnector(RedisConfig config) : IAsyncDisposable
{
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private ConnectionMultiplexer? _connection;

    public RedisConfig Config => config;

    /// <summary>The full key for <paramref name="suffix"/> (prefix + suffix).</summary>
    public RedisKey Key(string suffix) => config.KeyPrefix + suffix;

    /// <summary>
    /// The database, connecting first if needed. Throws <see cref="RedisException"/>
    /// when the server cannot be reached within the configured timeout; callers apply their
    /// own unreachable-Redis policy.
    /// </summary>
    public async ValueTask<IDatabase> DatabaseAsync()
    {
        if (_connection is { } ready)
        {
            return ready.GetDatabase();
        }

        await _connectGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_connection is null)
            {
                var options = ConfigurationOptions.Parse(config.Connection);
                var timeoutMs = (int)config.Timeout.TotalMilliseconds;
                options.ConnectTimeout = timeoutMs;
                options.SyncTimeout = timeoutMs;
                options.AsyncTimeout = timeoutMs;
                options.AbortOnConnectFail = false; // keep retrying in the background after a failed first connect
                var connection = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
                if (!connection.IsConnected)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                    throw new RedisException($"Redis at {options.EndPoints.FirstOrDefault()} is unreachable");
                }

                _connection = connection;
            }

            return _connection.GetDatabase();
        }
        finally
        {
            _connectGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _connectGate.Dispose();
    }
}
