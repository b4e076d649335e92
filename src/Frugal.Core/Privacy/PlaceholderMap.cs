using System.Globalization;

namespace Frugal.Core.Privacy;

/// <summary>
/// The placeholders of one request and the values behind them. Numbers are given per type by first appearance across
/// the request's texts (messages in order), so the same conversation masks the same way on every turn and the exact
/// cache keeps working; a placeholder-shaped text already in the request (<c>&lt;EMAIL_1&gt;</c> typed by the user)
/// is never reused, so restoring cannot turn the user's own text into someone's value. Lives as long as the request.
/// </summary>
public sealed class PlaceholderMap
{
    private readonly Dictionary<string, string> _byOriginal = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byPlaceholder = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _lastNumber = new(StringComparer.Ordinal);

    public int Count => _byPlaceholder.Count;

    /// <summary>The longest placeholder handed out: a stream never holds back more than this.</summary>
    public int MaxPlaceholderLength { get; private set; }

    /// <summary>Placeholder → original value, for restoring.</summary>
    public IReadOnlyDictionary<string, string> Originals => _byPlaceholder;

    /// <summary>Numbers from 1 to <paramref name="number"/> of <paramref name="tag"/> are taken (by text already in the request).</summary>
    public void Reserve(string tag, int number)
    {
        if (!_lastNumber.TryGetValue(tag, out var last) || number > last)
        {
            _lastNumber[tag] = number;
        }
    }

    /// <summary>The placeholder of <paramref name="original"/>: the one it already has, else the type's next number.</summary>
    public string PlaceholderFor(PiiEntityType entity, string original)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var key = entity.Tag + "\u0000" + original;
        if (_byOriginal.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var number = _lastNumber.GetValueOrDefault(entity.Tag) + 1;
        _lastNumber[entity.Tag] = number;
        var placeholder = "<" + entity.Tag + "_" + number.ToString(CultureInfo.InvariantCulture) + ">";
        _byOriginal[key] = placeholder;
        _byPlaceholder[placeholder] = original;
        MaxPlaceholderLength = Math.Max(MaxPlaceholderLength, placeholder.Length);
        return placeholder;
    }

    public bool TryGetOriginal(ReadOnlySpan<char> placeholder, out string original)
        => _byPlaceholder.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(placeholder, out original!);

    /// <summary>Replaces every placeholder of this map in <paramref name="text"/> by its value (plain text).</summary>
    public string Restore(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Count == 0 || !text.Contains('<', StringComparison.Ordinal))
        {
            return text;
        }

        var restorer = new Restore.PlaceholderRestorer(this, json: false);
        return restorer.Push(text) + restorer.Flush();
    }

    /// <summary>The masked form of a text that holds originals (an answer as the ledger would store it).</summary>
    public string Remask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var (placeholder, original) in _byPlaceholder.OrderByDescending(p => p.Value.Length))
        {
            text = text.Replace(original, placeholder, StringComparison.Ordinal);
        }

        return text;
    }
}
