using System.CommandLine;
using System.CommandLine.Parsing;

namespace Frugal.Cli;

/// <summary>
/// What one command was given, read by option name: the commands' bodies predate System.CommandLine and read their
/// options as text with their own range checks and messages. The parser has already rejected unknown options and
/// commands; an option left at its declared default (shown in --help) reads as absent here, so a body can still tell
/// "not given" from "given" (e.g. --quality-floor vs --target-strong-share).
/// </summary>
public sealed class ParsedArgs
{
    private readonly ParseResult _result;

    public ParsedArgs(ParseResult result)
    {
        _result = result;
        var path = new List<string>();
        for (SymbolResult? node = result.CommandResult; node is CommandResult command && command.Parent is not null; node = command.Parent)
        {
            var values = new List<string> { command.Command.Name };
            foreach (var argument in command.Command.Arguments)
            {
                if (command.GetValue<string>(argument.Name) is { } value)
                {
                    values.Add(value);
                }
            }

            path.InsertRange(0, values);
        }

        Positionals = path;
    }

    /// <summary>The command path and its arguments, e.g. <c>["keys", "revoke", "crm"]</c>.</summary>
    public IReadOnlyList<string> Positionals { get; }

    /// <summary>The command as typed, for "see 'frugal keys create --help'".</summary>
    public string CommandPath => CliErrors.CommandPath(_result.CommandResult);

    public string? Option(string name) => Given(name)?.GetValueOrDefault<string>();

    public string RequiredOption(string name) => Option(name) ?? throw new CliException($"--{name} is required.");

    public IReadOnlyList<string> Options(string name) => Given(name)?.GetValueOrDefault<string[]>() ?? [];

    public bool Flag(string name) => Given(name)?.GetValueOrDefault<bool>() == true;

    /// <summary>Kept so command bodies read as before: the parser already rejected every option the command does not declare.</summary>
    public void EnsureAllRead()
    {
    }

    private OptionResult? Given(string name)
    {
        var result = _result.GetResult("--" + name) as OptionResult;
        return result is { Implicit: false } ? result : null;
    }
}
