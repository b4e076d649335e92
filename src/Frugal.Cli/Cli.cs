using Frugal.Cli.Commands;

namespace Frugal.Cli;

/// <summary>Dispatches <c>frugal &lt;command&gt;</c> to its command class.</summary>
public static class Cli
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "help" };

    public const string Usage = """
        frugal — an OpenAI-compatible LLM gateway that cuts what you pay for LLM calls

        Usage:
          frugal serve [--config PATH] [--urls http://127.0.0.1:8080]
          frugal config validate [--config PATH]
          frugal keys create --name NAME [--team TEAM] [--tag TAG ...] [--config PATH]
          frugal keys list [--config PATH]
          frugal keys revoke <id|name> [--config PATH]

        Config: frugal.json in the working directory, or --config PATH; embedded defaults otherwise.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            var line = CommandLine.Parse(args, Flags);
            var command = line.Positionals.Count > 0 ? line.Positionals[0] : "help";
            return command switch
            {
                "serve" => await ServeCommand.RunAsync(line),
                "config" => ConfigCommand.Run(line),
                "keys" => await KeysCommand.RunAsync(line),
                "help" or "--help" => PrintUsage(),
                _ => throw new CliException($"Unknown command '{command}'."),
            };
        }
        catch (CliException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            Console.Error.WriteLine(Usage);
            return 2;
        }
        catch (ConfigRejectedException)
        {
            return 1;
        }
    }

    private static int PrintUsage()
    {
        Console.WriteLine(Usage);
        return 0;
    }
}
