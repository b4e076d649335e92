using System.Globalization;

namespace Frugal.Cli;

/// <summary>Numeric options with range checks and messages that name the option.</summary>
public static class CommandLineNumbers
{
    public static decimal Decimal(this ParsedArgs args, string name, decimal min, decimal max, decimal? fallback = null)
    {
        var text = args.Option(name);
        if (text is null)
        {
            return fallback ?? throw new CliException($"--{name} is required.");
        }

        if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new CliException($"--{name} must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, not '{text}'.");
        }

        return value;
    }

    public static long Long(this ParsedArgs args, string name, long min, long max, long? fallback = null)
    {
        var text = args.Option(name);
        if (text is null)
        {
            return fallback ?? throw new CliException($"--{name} is required.");
        }

        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new CliException($"--{name} must be a whole number from {min} to {max}, not '{text}'.");
        }

        return value;
    }
}
