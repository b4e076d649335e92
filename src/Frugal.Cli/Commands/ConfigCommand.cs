using Frugal.Core.Configuration;
using Frugal.Server;

namespace Frugal.Cli.Commands;

/// <summary><c>frugal config validate [--config PATH]</c>: print every problem with its JSON path.</summary>
public static class ConfigCommand
{
    public static int Run(ParsedArgs args)
    {
        if (args.Positionals.Count < 2 || args.Positionals[1] != "validate")
        {
            throw new CliException("Usage: frugal config validate [--config PATH]");
        }

        var result = ConfigLoader.Load(args.Option("config"));
        args.EnsureAllRead();
        if (!result.IsValid)
        {
            ConfigFiles.PrintProblems(result.Source, result.Problems, Console.Out);
            return 1;
        }

        var config = result.Config!;
        Console.WriteLine($"{result.Source}: valid ({config.Providers.Count} provider(s), {config.Models.Count} model(s), auth {config.Auth.Mode.ToString().ToLowerInvariant()})");
        return 0;
    }
}
