namespace Frugal.Core.Caching;

/// <summary>Where cached answers live (config <c>cache.backend</c>).</summary>
public enum CacheBackend
{
    /// <summary>In-process, size-bounded LRU: the default; lost on restart, not shared.</summary>
    Memory,

    /// <summary><c>cache.db</c> in the data directory: survives a restart.</summary>
    Sqlite,

    /// <summary>The server of the top-level <c>redis</c> section: shared by several gateway processes.</summary>
    Redis,
}
