using System.Globalization;
using System.Text;

namespace Frugal.Core.Batching;

/// <summary>
/// Every bad line of a batch file, as the 400 names them (<c>line 17: duplicate custom_id "a-3"</c>). The message
/// lists the first <see cref="Cap"/> and counts the rest, so a 50,000-line file of garbage gives a bounded answer.
/// Text from the file is quoted and cut short: it is data, never markup.
/// </summary>
public sealed class BatchFileProblems
{
    public const int Cap = 100;
    private const int MaxQuoted = 64;

    private readonly List<string> _shown = [];

    public int Count { get; private set; }

    public bool Any => Count > 0;

    public IReadOnlyList<string> Shown => _shown;

    public void Add(long line, string problem)
    {
        Count++;
        if (_shown.Count < Cap)
        {
            _shown.Add(line > 0 ? string.Create(CultureInfo.InvariantCulture, $"line {line}: {problem}") : problem);
        }
    }

    /// <summary>A value from the file, JSON-quoted and cut at 64 characters.</summary>
    public static string Quote(string value)
    {
        var cut = value.Length > MaxQuoted ? value[..MaxQuoted] + "…" : value;
        return "\"" + System.Text.Json.JsonEncodedText.Encode(cut, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";
    }

    public string Message(string prefix)
    {
        var text = new StringBuilder(prefix);
        text.Append(": ");
        text.AppendJoin("; ", _shown);
        if (Count > _shown.Count)
        {
            text.Append(CultureInfo.InvariantCulture, $"; and {Count - _shown.Count} more");
        }

        return text.ToString();
    }
}
