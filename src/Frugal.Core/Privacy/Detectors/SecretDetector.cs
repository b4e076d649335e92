using System.Text.RegularExpressions;

namespace Frugal.Core.Privacy.Detectors;

/// <summary>
/// Credentials pasted into prompts: OpenAI/Anthropic-style <c>sk-…</c> keys, AWS access key ids (<c>AKIA…</c>),
/// GitHub tokens (<c>ghp_…</c>, <c>github_pat_…</c>), JWTs and PEM private key blocks. Their shapes are specific
/// enough to score high without a checksum.
/// </summary>
public sealed partial class SecretDetector : IPiiDetector
{
    private const double Score = 0.95;

    public PiiEntityType Entity => PiiEntityType.Secret;

    public IReadOnlyList<string> ContextWords { get; } = ["key", "token", "secret", "password", "密钥"];

    [GeneratedRegex(
        @"(?<![0-9A-Za-z_-])(?:sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,200}|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255}|eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})(?![0-9A-Za-z_-])"
        + @"|-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]{0,16384}?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----",
        RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Candidates();

    public void Detect(string text, List<PiiFinding> findings)
    {
        foreach (var match in Candidates().EnumerateMatches(text))
        {
            findings.Add(new PiiFinding(match.Index, match.Length, Entity, Score));
        }
    }
}
