namespace Frugal.Core.Privacy;

/// <summary>What the gateway does with a detected value, per entity type (ordered from least to most protective).</summary>
public enum PiiAction
{
    /// <summary>Left as it is (e.g. a local model: the data does not leave).</summary>
    Off = 0,

    /// <summary>Replaced by a typed placeholder (<c>&lt;EMAIL_1&gt;</c>) that is restored in the answer.</summary>
    Mask = 1,

    /// <summary>Replaced by <c>&lt;EMAIL&gt;</c>, not restored: the value is gone for good.</summary>
    Redact = 2,

    /// <summary>The request is refused (400 naming the entity types found, never their values).</summary>
    Block = 3,
}
