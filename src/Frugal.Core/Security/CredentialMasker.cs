using System.Text;
using System.Text.RegularExpressions;

namespace Frugal.Core.Security;

/// <summary>
/// Masks credential-looking text in what an upstream said (error messages, codes, in-band stream
/// errors) before it reaches a client, the ledger or a log: a provider or a proxy in front of it
/// may echo the request's <c>Authorization</c> / <c>x-api-key</c> header back in an error body.
/// <para>
/// Two layers: the provider's own secrets (its configured key and header values) are masked
/// wherever they occur, exactly or as any run of ≥ <see cref="MinPartialLength"/> characters of
/// them (a proxy may quote a truncated key); and generic patterns catch everything else that looks
/// like a credential (<c>Bearer …</c>, <c>sk-…</c>, <c>api-key: …</c>, <c>password=…</c>, AWS keys,
/// JWTs, long tokens after key-like words). Finally the text is capped at <see cref="MaxChars"/>.
/// </para>
/// Patterns run on the non-backtracking engine: time linear in the text, whatever the upstream sent.
/// </summary>
public sealed class CredentialMasker
{
    /// <summary>What replaces a credential.</summary>
    public const string Mask = "[REDACTED]";

    /// <summary>The longest upstream text passed on (about 2 KB); longer text is cut and marked.</summary>
    public const int MaxChars = 2048;

    /// <summary>Secrets shorter than this are placeholders ("ollama", "none"), not credentials; runs shorter than this are not masked.</summary>
    public const int MinPartialLength = 8;

    /// <summary>Appended to text cut at <see cref="MaxChars"/>.</summary>
    public const string TruncationMarker = " …(truncated)";

    private const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    // Each pattern keeps its "keep" group (the label) and masks the rest of the match.
    private static readonly Regex[] LabelledSecrets =
    [
        // https://user:password@host
        new(@"(?<keep>://[^/\s:@]{1,256}:)[^/\s@]{1,512}(?<tail>@)", Options),

        // Authorization: Bearer xyz / "authorization":"Basic xyz" / Proxy-Authorization=...
        new(@"(?<keep>\b(?:proxy-)?authorization[""']?\s*[:=]\s*[""']?(?:(?:bearer|basic|token|digest|negotiate|apikey)\s+)?)[^\s""',;&}\[\]]+", Options),

        // api-key: xyz, x-api-key=xyz, "password": "xyz", secret=xyz, access_token=xyz …
        new(@"(?<keep>\b(?:x-api-key|x-goog-api-key|api[-_]?key|apikey|ocp-apim-subscription-key|subscription[-_]key|access[-_]?key|access[-_]?token|refresh[-_]?token|id[-_]?token|auth[-_]?token|session[-_]?token|bearer[-_]?token|client[-_]?secret|secret[-_]?key|secret[-_]?access[-_]?key|private[-_]?key|secret|password|passwd|pwd|token|credentials?)[""']?\s*[:=]\s*[""']?)[^\s""',;&}\[\]]+", Options),

        // Bearer xyz anywhere in prose.
        new(@"(?<keep>\bbearer\s+)[a-z0-9\-._~+/]{4,}=*", Options),
    ];

    // Whole-match secrets: recognisable by shape alone.
    private static readonly Regex[] ShapedSecrets =
    [
        new(@"\bsk-[a-z0-9_\-]{8,}", Options),                          // OpenAI sk-…, sk-proj-…, Anthropic sk-ant-…
        new(@"\b(?:akia|asia)[a-z0-9]{16}\b", Options),                  // AWS access key id
        new(@"\baiza[a-z0-9_\-]{30,}", Options),                          // Google API key
        new(@"\bgh[pousr]_[a-z0-9]{20,}", Options),                      // GitHub tokens
        new(@"\bxox[abprs]-[a-z0-9\-]{10,}", Options),                   // Slack tokens
        new(@"\beyj[a-z0-9_\-]{8,}\.[a-z0-9_\-]{8,}\.[a-z0-9_\-]*", Options), // JWT
    ];

    // A long token shortly after a key-like word ("Incorrect API key provided: 1f0c…"). Singular words only: "tokens"
    // is how LLM errors count things. Masked only when it holds a 16-character run mixing letters and digits, so
    // identifiers made of short parts (claude-3-haiku-20240307, UUIDs) stay readable.
    private static readonly Regex TokenAfterKeyWord =
        new(@"(?<keep>\b(?:key|token|secret|credential|password|signature)\b[^\r\n]{0,24}?)(?<value>[a-z0-9+/_\-]{20,}={0,2})", Options);

    private readonly string[] _secrets;
    private readonly HashSet<string>? _windows;

    /// <param name="secrets">Values to mask wherever they occur (the provider's key, its configured header values); nulls and values shorter than <see cref="MinPartialLength"/> are ignored.</param>
    public CredentialMasker(IEnumerable<string?> secrets)
    {
        _secrets = secrets.Where(s => s is { Length: >= MinPartialLength }).Select(s => s!).Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length).ToArray();
        if (_secrets.Length > 0)
        {
            _windows = new HashSet<string>(StringComparer.Ordinal);
            foreach (var secret in _secrets)
            {
                for (var i = 0; i + MinPartialLength <= secret.Length; i++)
                {
                    _windows.Add(secret.Substring(i, MinPartialLength));
                }
            }
        }
    }

    /// <summary>Generic patterns only: for text whose provider is not known.</summary>
    public static CredentialMasker Generic { get; } = new([]);

    /// <summary>Masks credentials in <paramref name="text"/> and caps it at <paramref name="maxChars"/>; null stays null.</summary>
    public string? Clean(string? text, int maxChars = MaxChars)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        // Masking looks at a bounded prefix: a secret cut by this pre-cap lies beyond the final cap
        // unless masking shortened the text, and then at most MinPartialLength - 1 of its characters remain.
        var masked = MaskSecrets(text.Length > maxChars * 4 ? text[..(maxChars * 4)] : text);
        return masked.Length <= maxChars ? masked : string.Concat(masked.AsSpan(0, maxChars), TruncationMarker);
    }

    private string MaskSecrets(string text)
    {
        var result = MaskKnownSecrets(text);
        foreach (var pattern in LabelledSecrets)
        {
            result = pattern.Replace(result, static m => m.Groups["keep"].Value + Mask + m.Groups["tail"].Value);
        }

        foreach (var pattern in ShapedSecrets)
        {
            result = pattern.Replace(result, Mask);
        }

        return TokenAfterKeyWord.Replace(result, static m => LooksRandom(m.Groups["value"].ValueSpan)
            ? m.Groups["keep"].Value + Mask
            : m.Value);
    }

    /// <summary>Masks every run of text made of overlapping <see cref="MinPartialLength"/>-character pieces of a configured secret.</summary>
    private string MaskKnownSecrets(string text)
    {
        if (_windows is null || text.Length < MinPartialLength)
        {
            return text;
        }

        var lookup = _windows.GetAlternateLookup<ReadOnlySpan<char>>();
        StringBuilder? output = null;
        var copiedUpTo = 0;
        var runEnd = -1;
        var runStart = -1;
        for (var i = 0; i + MinPartialLength <= text.Length; i++)
        {
            if (!lookup.Contains(text.AsSpan(i, MinPartialLength)))
            {
                continue;
            }

            if (i > runEnd)
            {
                Flush(ref output, text, ref copiedUpTo, runStart, runEnd);
                runStart = i;
            }

            runEnd = i + MinPartialLength;
        }

        Flush(ref output, text, ref copiedUpTo, runStart, runEnd);
        if (output is null)
        {
            return text;
        }

        output.Append(text, copiedUpTo, text.Length - copiedUpTo);
        return output.ToString();
    }

    private static void Flush(ref StringBuilder? output, string text, ref int copiedUpTo, int runStart, int runEnd)
    {
        if (runStart < 0)
        {
            return;
        }

        output ??= new StringBuilder(text.Length);
        output.Append(text, copiedUpTo, runStart - copiedUpTo).Append(Mask);
        copiedUpTo = runEnd;
    }

    /// <summary>True when a run of at least 16 letters/digits (no '-' or '_') holds both letters and digits.</summary>
    private static bool LooksRandom(ReadOnlySpan<char> value)
    {
        foreach (var range in value.SplitAny("-_".AsSpan()))
        {
            var run = value[range];
            if (run.Length >= 16 && run.IndexOfAnyInRange('0', '9') >= 0 && (run.IndexOfAnyInRange('a', 'z') >= 0 || run.IndexOfAnyInRange('A', 'Z') >= 0))
            {
                return true;
            }
        }

        return false;
    }
}
