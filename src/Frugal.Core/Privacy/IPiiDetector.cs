namespace Frugal.Core.Privacy;

/// <summary>
/// Finds one kind of personal data in a text. A detector reports candidates with their score after its own
/// validation (pattern base score → checksum); <see cref="PiiScanner"/> adds the context-word boost, applies the
/// threshold and settles overlaps. Detectors are stateless and thread-safe.
/// </summary>
public interface IPiiDetector
{
    PiiEntityType Entity { get; }

    /// <summary>Words that, near a candidate, raise its score (e.g. "card", "卡号"); lower case.</summary>
    IReadOnlyList<string> ContextWords { get; }

    void Detect(string text, List<PiiFinding> findings);
}
