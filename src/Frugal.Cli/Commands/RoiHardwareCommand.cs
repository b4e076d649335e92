using System.Globalization;
using Frugal.Tools.SelfHosting;

namespace Frugal.Cli.Commands;

/// <summary><c>frugal roi hardware --params 70B [--quant Q4_K_M] [--context 8192]</c>: memory needed and the hardware that holds it.</summary>
public static class RoiHardwareCommand
{
    public static int Run(ParsedArgs args)
    {
        var input = new HardwareInput
        {
            Parameters = Parameters(args.RequiredOption("params")),
            Quant = Quant(args.Option("quant")),
            Context = (int)args.Long("context", 1, 10_000_000, 4096),
            Batch = (int)args.Long("batch", 1, 100_000, 1),
            Layers = OptionalInt(args, "layers", 1_000),
            KvHeads = OptionalInt(args, "kv-heads", 1_024),
            HeadDim = OptionalInt(args, "head-dim", 4_096),
            KvCache = KvCache(args.Option("kv-cache")),
        };
        var format = RoiCommand.Format(args);
        args.EnsureAllRead();

        var estimate = HardwareEstimator.Estimate(input);
        if (format == "json")
        {
            Console.WriteLine(HardwareOutput.Json(estimate));
        }
        else
        {
            Console.Write(HardwareOutput.Table(estimate));
        }

        return 0;
    }

    private static decimal Parameters(string text)
    {
        if (!ParameterCount.TryParse(text, out var parameters))
        {
            throw new CliException($"--params must be a model size like 8B, 1.5B, 70B, 405B or a plain count like 7000000000, not '{text}'.");
        }

        // No model this tool sizes has fewer than a million parameters: "70" almost surely means 70B.
        if (parameters < 1_000_000m)
        {
            throw new CliException($"--params {text} is only {parameters.ToString("N0", CultureInfo.InvariantCulture)} parameters; write {text.Trim()}B for {text.Trim()} billion.");
        }

        return parameters;
    }

    private static QuantLevel? Quant(string? name)
    {
        if (name is null)
        {
            return null;
        }

        return QuantTable.Find(name)
            ?? throw new CliException($"--quant must be one of {string.Join(", ", QuantTable.All.Select(q => q.Name))}, not '{name}'.");
    }

    private static KvCacheFormat KvCache(string? name) => name is null
        ? KvCacheFormat.Fp16
        : KvCacheFormat.Find(name) ?? throw new CliException($"--kv-cache must be one of {string.Join(", ", KvCacheFormat.All.Select(f => f.Name))}, not '{name}'.");

    private static int? OptionalInt(ParsedArgs args, string name, int max) =>
        args.Option(name) is null ? null : (int)args.Long(name, 1, max);
}
