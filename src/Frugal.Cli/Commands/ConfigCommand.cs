using Frugal.Server;
using Frugal.Server.Configuration;

namespace Frugal.Cli.Commands;

/// <summary>
/// <c>frugal config validate [--config PATH] [--show-origin]</c>: print every problem with its JSON path (or the
/// environment variable that set it), else the effective configuration with secrets masked.
/// </summary>
public static class ConfigCommand
{
    public static int Run(ParsedArgs args)
    {
        if (args.Positionals.Count < 2 || args.Positionals[1] != "validate")
        {
            throw new CliException("Usage: frugal config validate [--config PATH] [--show-origin]");
        }

        var effective = ConfigLoader.LoadEffective(args.Option("config"), ProcessEnvironment.Read());
        var showOrigin = args.Flag("show-origin");
        args.EnsureAllRead();
        var result = effective.Result;
        if (!result.IsValid)
        {
            ConfigFiles.PrintProblems(result.Source, result.Problems, Console.Out);
            return 1;
        }

        var config = result.Config!;
        Console.WriteLine($"{result.Source}: valid ({config.Providers.Count} provider(s), {config.Models.Count} model(s), auth {config.Auth.Mode.ToString().ToLowerInvariant()})");
        Console.Write(showOrigin ? EffectiveConfigView.Origins(effective) : EffectiveConfigView.Json(effective) + Environment.NewLine);
        return 0;
    }
}
