using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using Frugal.Cli.Commands;
using Frugal.Server;

namespace Frugal.Cli;

/// <summary>
/// The <c>frugal</c> entry point: parses with <see cref="CommandTree"/> and turns every failure into one line on stderr —
/// exit 2 for a usage error (with the command's help named), 1 for a runtime failure.
/// </summary>
public static class Cli
{
    /// <summary>The informational version (e.g. <c>1.0.0+abc123</c>), printed by <c>frugal --version</c>.</summary>
    public static string Version { get; } =
        typeof(Cli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(Cli).Assembly.GetName().Version?.ToString() ?? "unknown";

    public static async Task<int> RunAsync(string[] args)
    {
        var root = CommandTree.Build();
        foreach (var option in root.Options)
        {
            if (option is VersionOption version)
            {
                // The default prints the entry assembly's version, which is the test host's when run in-process.
                version.Action = new PrintVersionAction();
            }
        }

        var result = root.Parse(args.Length == 0 || args is ["help"] ? ["--help"] : args);
        if (result.Action is ParseErrorAction)
        {
            Console.Error.WriteLine(CliErrors.ParseError(result));
            return 2;
        }

        var invocation = new InvocationConfiguration
        {
            Output = Console.Out,
            Error = Console.Error,
            EnableDefaultExceptionHandler = false,
            // serve and demo drain the ledger on Ctrl+C themselves; the parser must not exit the process under them.
            ProcessTerminationTimeout = null,
        };
        try
        {
            return await result.InvokeAsync(invocation);
        }
        catch (CliException ex)
        {
            Console.Error.WriteLine(CliErrors.Line(ex.Message, result.CommandResult));
            return 2;
        }
        catch (ConfigRejectedException)
        {
            return 1; // the problems were printed, one per line, with their JSON paths
        }
        catch (Exception ex) when (ex is GatewayStartupException or ReadOnlyDataMissingException)
        {
            Console.Error.WriteLine($"error: {TerminalText.Plain(ex.Message)}"); // an operator's problem: one line, no stack trace
            return 1;
        }
    }

    private sealed class PrintVersionAction : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Version);
            return 0;
        }
    }
}
