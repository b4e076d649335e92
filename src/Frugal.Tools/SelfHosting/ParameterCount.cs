using System.Globalization;

namespace Frugal.Tools.SelfHosting;

/// <summary>Reads a model size as people write it: "70B", "1.5B", "500M", "1T" or a plain count.</summary>
public static class ParameterCount
{
    /// <summary>Far above any model that exists; only there to keep the arithmetic in range.</summary>
    public const decimal MaxParameters = 1e15m;

    public static bool TryParse(string? text, out decimal parameters)
    {
        parameters = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        var multiplier = char.ToUpperInvariant(trimmed[^1]) switch
        {
            'K' => 1e3m,
            'M' => 1e6m,
            'B' => 1e9m,
            'T' => 1e12m,
            _ => 1m,
        };
        var number = multiplier == 1m ? trimmed : trimmed[..^1];

        // Bounded before multiplying so a typo like "9999999999999999999999T" fails instead of overflowing.
        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0 || value > MaxParameters / multiplier)
        {
            return false;
        }

        parameters = value * multiplier;
        return true;
    }

    /// <summary>"70B", "1.5B", "405B": the way model cards name sizes.</summary>
    public static string Format(decimal parameters) => parameters switch
    {
        >= 1e12m => (parameters / 1e12m).ToString("0.##", CultureInfo.InvariantCulture) + "T",
        >= 1e9m => (parameters / 1e9m).ToString("0.##", CultureInfo.InvariantCulture) + "B",
        >= 1e6m => (parameters / 1e6m).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        _ => parameters.ToString("N0", CultureInfo.InvariantCulture),
    };
}
