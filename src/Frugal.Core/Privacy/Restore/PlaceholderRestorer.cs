using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Frugal.Core.Privacy.Restore;

/// <summary>
/// Restores placeholders in text that arrives in pieces (a streamed answer's content, or a tool call's arguments).
/// <see cref="Push"/> returns what can go out now and holds back only an unfinished "&lt;TAG_…" at the end, never
/// longer than the map's longest placeholder. In JSON mode (tool-call arguments) it follows the JSON structure
/// across pieces and restores only inside string values, never keys, with the value JSON-escaped.
/// </summary>
public sealed class PlaceholderRestorer(PlaceholderMap map, bool json)
{
    private static readonly JavaScriptEncoder Relaxed = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private readonly StringBuilder _output = new();
    private readonly List<bool> _containers = []; // true = object
    private string _held = string.Empty;
    private bool _inString;
    private bool _isKey;
    private bool _escape;
    private bool _expectKey;

    /// <summary>True while an unfinished placeholder is held back.</summary>
    public bool IsHolding => _held.Length > 0;

    /// <summary>How many characters are held back (always less than the map's longest placeholder).</summary>
    public int HeldLength => _held.Length;

    public string Push(string? piece)
    {
        if (string.IsNullOrEmpty(piece) && _held.Length == 0)
        {
            return piece ?? string.Empty;
        }

        var text = _held.Length == 0 ? piece! : _held + piece;
        _held = string.Empty;
        if (!json && !text.Contains('<', StringComparison.Ordinal))
        {
            return text; // the common case: nothing to restore, nothing to hold
        }

        _output.Clear();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '<' && InValue())
            {
                var end = i + 1;
                while (end < text.Length && end - i <= map.MaxPlaceholderLength && IsTagChar(text[end]))
                {
                    end++;
                }

                if (end == text.Length && end - i < map.MaxPlaceholderLength)
                {
                    _held = text[i..]; // may still become a placeholder: wait for the next piece
                    break;
                }

                if (end < text.Length && text[end] == '>' && map.TryGetOriginal(text.AsSpan(i, end - i + 1), out var original))
                {
                    _output.Append(json ? JsonEncodedText.Encode(original, Relaxed).Value : original);
                    i = end + 1;
                    continue;
                }
            }

            _output.Append(c);
            if (json)
            {
                Advance(c);
            }

            i++;
        }

        return _output.ToString();
    }

    /// <summary>Whatever is still held: it never became a placeholder, so it goes out as it came.</summary>
    public string Flush()
    {
        var held = _held;
        _held = string.Empty;
        if (json)
        {
            foreach (var c in held)
            {
                Advance(c);
            }
        }

        return held;
    }

    private bool InValue() => !json || (_inString && !_isKey && !_escape);

    private static bool IsTagChar(char c) => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_';

    /// <summary>One character of JSON: tracks strings, escapes, and whether the next string is an object key.</summary>
    private void Advance(char c)
    {
        if (_inString)
        {
            if (_escape)
            {
                _escape = false;
            }
            else if (c == '\\')
            {
                _escape = true;
            }
            else if (c == '"')
            {
                _inString = false;
            }

            return;
        }

        switch (c)
        {
            case '"':
                _inString = true;
                _isKey = _expectKey;
                break;
            case '{':
                _containers.Add(true);
                _expectKey = true;
                break;
            case '[':
                _containers.Add(false);
                _expectKey = false;
                break;
            case '}' or ']':
                if (_containers.Count > 0)
                {
                    _containers.RemoveAt(_containers.Count - 1);
                }

                _expectKey = false;
                break;
            case ',':
                _expectKey = _containers.Count > 0 && _containers[^1];
                break;
            case ':':
                _expectKey = false;
                break;
            default:
                break;
        }
    }
}
