using System.Globalization;
using Frugal.Core.Accounting.Pricing;
using Frugal.Tools.SelfHosting;

namespace Frugal.Cli.Commands;

/// <summary>
/// <c>frugal roi</c>: break-even between an API model and self-hosting on rented GPUs;
/// <c>frugal roi hardware</c> (see <see cref="RoiHardwareCommand"/>): the memory a model needs.
/// </summary>
public static class RoiCommand
{
    public static int Run(ParsedArgs args)
    {
        var verb = args.Positionals.Count > 1 ? args.Positionals[1] : null;
        return verb switch
        {
            null => BreakEven(args),
            "hardware" => RoiHardwareCommand.Run(args),
            _ => throw new CliException($"Unknown 'roi' subcommand '{verb}'. Use 'frugal roi' or 'frugal roi hardware'."),
        };
    }

    private static int BreakEven(ParsedArgs args)
    {
        var price = ApiPrice(args, out var notes);
        var input = new RoiInput
        {
            ApiPrice = price,
            RequestsPerDay = args.Long("requests-per-day", 0, 10_000_000_000),
            InputTokens = args.Long("input-tokens", 0, 10_000_000),
            OutputTokens = args.Long("output-tokens", 0, 10_000_000),
            CachedShare = args.Decimal("cached-share", 0, 1, 0),
            GpuHourlyUsd = args.Decimal("gpu-hourly", 0, 100_000),
            Gpus = (int)args.Long("gpus", 1, 100_000, 1),
            TokensPerSecondPerGpu = Positive(args, "tokens-per-second", 100_000_000),
            Utilization = Positive(args, "utilization", 1, 0.6m),
            EngineeringHours = args.Decimal("engineering-hours", 0, 1_000_000, 0),
            EngineeringRateUsd = args.Decimal("engineering-rate", 0, 100_000, 100),
            OpsHoursPerMonth = args.Decimal("ops-hours-per-month", 0, 10_000, 8),
            Months = (int)args.Long("months", 1, 600, 12),
        };
        var format = Format(args);
        args.EnsureAllRead();

        var result = RoiCalculator.Calculate(input);
        if (format == "json")
        {
            Console.WriteLine(RoiOutput.Json(result));
            return 0;
        }

        Console.Write(RoiOutput.Table(result));
        foreach (var note in notes)
        {
            Console.WriteLine($"note: {note}");
        }

        return 0;
    }

    /// <summary>"table" or "json"; shared with <see cref="RoiHardwareCommand"/>.</summary>
    internal static string Format(ParsedArgs args)
    {
        var format = args.Option("format") ?? "table";
        return format is "table" or "json" ? format : throw new CliException($"--format must be table or json, not '{format}'.");
    }

    /// <summary>A number above zero (a throughput or utilization of 0 would divide by zero), at most <paramref name="max"/>.</summary>
    internal static decimal Positive(ParsedArgs args, string name, decimal max, decimal? fallback = null)
    {
        var value = args.Decimal(name, 0, max, fallback);
        return value > 0 ? value : throw new CliException($"--{name} must be above 0 and at most {max.ToString(CultureInfo.InvariantCulture)}, not '0'.");
    }

    /// <summary>The API side: a catalog model (config overrides included, as in `frugal estimate`) or explicit prices.</summary>
    private static ModelPrice ApiPrice(ParsedArgs args, out List<string> notes)
    {
        notes = [];
        var configPath = args.Option("config");
        var model = args.Option("api-model");
        var explicitPrices = args.Option("api-input-price") is not null || args.Option("api-output-price") is not null || args.Option("api-cached-input-price") is not null;
        if (model is not null && explicitPrices)
        {
            throw new CliException("Give either --api-model or --api-input-price/--api-output-price, not both.");
        }

        if (model is not null)
        {
            var config = ConfigFiles.LoadOrExit(configPath, Console.Error);
            return PriceBook.Create(config.Prices).TryFind(model, TimeProvider.System.GetUtcNow(), out var price)
                ? price
                : throw new CliException($"No price for '{model}'. Pass --api-input-price and --api-output-price, or add it under \"prices\".\"models\" in the config.");
        }

        if (!explicitPrices)
        {
            throw new CliException("Give --api-model NAME, or --api-input-price and --api-output-price (USD per 1M tokens).");
        }

        var input = args.Decimal("api-input-price", 0, 10_000);
        var output = args.Decimal("api-output-price", 0, 10_000);
        var cached = args.Decimal("api-cached-input-price", 0, 10_000, input);
        if (args.Option("api-cached-input-price") is null && args.Option("cached-share") is { } share && share.Trim() != "0")
        {
            notes.Add("no --api-cached-input-price: cached input is billed at the full input price.");
        }

        return new ModelPrice
        {
            Model = "API model",
            Source = "command line",
            InputPerMillion = input,
            CachedInputPerMillion = cached,
            OutputPerMillion = output,
        };
    }
}
