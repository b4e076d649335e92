using System.CommandLine;

namespace Frugal.Cli;

/// <summary>
/// Builders for the options and commands of the tree, so each command reads as a list of what it takes. Defaults given
/// here are shown by --help; a command body still applies its own default (an option left at its default reads as
/// absent in <see cref="ParsedArgs"/>), so keep the two equal.
/// </summary>
public static class CliOptions
{
    /// <summary>An option taking one value, e.g. <c>--since 7d</c>.</summary>
    public static Option<string> Text(string name, string valueName, string description, string? defaultValue = null)
    {
        var option = new Option<string>("--" + name) { Description = description, HelpName = valueName };
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }

        return option;
    }

    /// <summary>An option that may be repeated, e.g. <c>--tag a --tag b</c>.</summary>
    public static Option<string[]> Many(string name, string valueName, string description) =>
        new("--" + name) { Description = description + " Repeatable.", HelpName = valueName };

    /// <summary>A switch that takes no value, e.g. <c>--exit</c>.</summary>
    public static Option<bool> Flag(string name, string description) =>
        new("--" + name) { Description = description, Arity = ArgumentArity.Zero };

    /// <summary><c>--config PATH</c>, which nearly every command takes.</summary>
    public static Option<string> Config() =>
        Text("config", "PATH", "Gateway config file (default: frugal.json in the working directory, else the embedded defaults).");

    /// <summary>A command whose body reads <see cref="ParsedArgs"/>.</summary>
    public static Command Leaf(string name, string description, Func<ParsedArgs, Task<int>> body, params Symbol[] symbols)
    {
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Option option:
                    command.Options.Add(option);
                    break;
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                default:
                    throw new ArgumentException($"Cannot add {symbol.GetType().Name} to a command.", nameof(symbols));
            }
        }

        command.SetAction((result, _) => body(new ParsedArgs(result)));
        return command;
    }

    /// <summary>A synchronous body.</summary>
    public static Command Leaf(string name, string description, Func<ParsedArgs, int> body, params Symbol[] symbols) =>
        Leaf(name, description, args => Task.FromResult(body(args)), symbols);

    /// <summary>A command that only groups subcommands (<c>frugal keys</c>): run alone it is a usage error.</summary>
    public static Command Group(string name, string description, params Command[] subcommands)
    {
        var command = new Command(name, description);
        foreach (var subcommand in subcommands)
        {
            command.Subcommands.Add(subcommand);
        }

        return command;
    }

    /// <summary>A required positional argument, e.g. <c>&lt;id&gt;</c>.</summary>
    public static Argument<string> Argument(string name, string description) => new(name) { Description = description };
}
