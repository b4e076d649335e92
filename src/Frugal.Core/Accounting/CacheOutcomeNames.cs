namespace Frugal.Core.Accounting;

/// <summary>
/// The one spelling of a <see cref="CacheOutcome"/> everywhere it leaves the process: the ledger's
/// <c>cache_outcome</c> column, the <c>x-frugal-cache</c> response header and the metrics' outcome tag.
/// </summary>
public static class CacheOutcomeNames
{
    /// <summary>hit | semantic-hit | miss | bypass | none.</summary>
    public static string Of(CacheOutcome outcome) => outcome switch
    {
        CacheOutcome.Hit => "hit",
        CacheOutcome.SemanticHit => "semantic-hit",
        CacheOutcome.Miss => "miss",
        CacheOutcome.Bypass => "bypass",
        _ => "none",
    };
}
