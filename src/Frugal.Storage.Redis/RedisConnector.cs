using System.Text.RegularExpressions;
using Frugal.Core.Configuration;
using StackExchange.Redis;

namespace Frugal.Storage.Redis;

/// <summary>
/// The one Redis connection of a gateway process, opened on first use (so a gateway whose features
/// all use other backends never touches Redis) and kept reconnecting in the background. Keys are
/// built with <see cref="Key"/> so every store honours <see cref="RedisConfig.KeyPrefix"/>.
/// </summary>
public sealed partial class RedisConnector(RedisConfig config) : IAsyncDisposable
{
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly Lazy<string> _endpoints = new(() => Endpoints(config.Connection));
    private ConnectionMultiplexer? _connection;

    public RedisConfig Config => config;

    /// <summary>
    /// The server(s) to name in a log line or an error: the endpoints only. The connection string itself may hold
    /// <c>password=</c> (and <c>user=</c>), so it is never shown anywhere.
    /// </summary>
    public string Endpoint => _endpoints.Value;

    /// <summary>
    /// <paramref name="text"/> with any <c>password=…</c> / <c>user=…</c> value and any <c>user:password@</c> in a
    /// URL masked: for messages of exceptions thrown by the Redis client, which the gateway does not write itself.
    /// </summary>
    public static string Redact(string text) => UrlCredentials().Replace(Credentials().Replace(text, "$1=***"), "$1***@");

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
                options.Password = config.Password ?? options.Password;
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

    private static string Endpoints(string connection)
    {
        try
        {
            var endpoints = ConfigurationOptions.Parse(connection).EndPoints;
            return endpoints.Count == 0 ? "(no endpoint)" : string.Join(",", endpoints.Select(EndPointCollection.ToString));
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or RedisException)
        {
            return "(unparsable connection string)";
        }
    }

    [GeneratedRegex(@"\b(password|user)\s*=[^,]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Credentials();

    [GeneratedRegex(@"(//)[^/@\s]*@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlCredentials();

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _connectGate.Dispose();
    }
}
