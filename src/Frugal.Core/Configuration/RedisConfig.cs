namespace Frugal.Core.Configuration;

/// <summary>
/// The optional <c>redis</c> section: where the shared stores live when a feature is set to the
/// <c>redis</c> backend (cache, budgets, rate limits). One connection is shared by all of them.
/// </summary>
public sealed record RedisConfig
{
    /// <summary>A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c> or <c>host:6379,password=…</c>.</summary>
    public string Connection { get; init; } = "127.0.0.1:6379";

    /// <summary>The password from <c>redis.password</c> (a secret setting: literal, <c>env:NAME</c> or <c>file:PATH</c>); overrides one in <see cref="Connection"/>.</summary>
    public string? Password { get; init; }

    /// <summary>Prefix of every key Frugal writes, so several deployments (or tests) can share one server.</summary>
    public string KeyPrefix { get; init; } = "frugal:";

    /// <summary>How long a command may wait before the store counts Redis as unreachable.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);
}
