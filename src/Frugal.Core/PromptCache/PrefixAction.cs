namespace Frugal.Core.PromptCache;

/// <summary>What to do for one prefix on this call.</summary>
public enum PrefixAction
{
    /// <summary>No marker: unseen (still learning), reused too rarely, or stopped because its writes were not read.</summary>
    Skip,

    /// <summary>A marker that writes a new cache entry (paid at the write premium once).</summary>
    Write,

    /// <summary>A marker on a prefix whose entry should be live: read at the discount, no premium.</summary>
    Read,
}
