using System.CommandLine;
using System.CommandLine.Parsing;

namespace Frugal.Cli;

/// <summary>
/// One-line errors that point to the failing command's help, with the nearest command or option when a word was
/// mistyped — never the whole usage.
/// </summary>
public static class CliErrors
{
    /// <summary>"frugal roi hardware" for the command the parser reached.</summary>
    public static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? node = command; node is CommandResult result; node = result.Parent)
        {
            names.Insert(0, result.Parent is null ? "frugal" : result.Command.Name);
        }

        return string.Join(' ', names);
    }

    /// <summary><c>error: MESSAGE (see 'frugal keys create --help')</c>.</summary>
    public static string Line(string message, CommandResult command) =>
        $"error: {TerminalText.Plain(message.TrimEnd('.'))} (see '{CommandPath(command)} --help')";

    /// <summary>The first thing the parser could not accept, as one line.</summary>
    public static string ParseError(ParseResult result)
    {
        var command = result.CommandResult;
        if (result.UnmatchedTokens.Count == 0)
        {
            return Line(result.Errors.Count > 0 ? result.Errors[0].Message : "cannot parse the command line", command);
        }

        var token = result.UnmatchedTokens[0];
        var path = CommandPath(command);
        string message;
        if (token.StartsWith('-'))
        {
            var names = new List<string>();
            foreach (var option in command.Command.Options)
            {
                names.Add(option.Name);
            }

            message = $"unknown option '{token}' for '{path}'{Suggestion(token, names)}";
        }
        else if (command.Command.Subcommands.Count > 0)
        {
            var names = new List<string>();
            foreach (var subcommand in command.Command.Subcommands)
            {
                names.Add(subcommand.Name);
            }

            message = $"unknown command '{token}' for '{path}'{Suggestion(token, names)}";
        }
        else
        {
            message = $"unexpected argument '{token}' for '{path}'";
        }

        return Line(message, command);
    }

    /// <summary>"; did you mean 'report'?" when one name is close (an edit or two, a swap counting as one).</summary>
    public static string Suggestion(string typed, IReadOnlyList<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = EditDistance(typed, candidate);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        var allowed = Math.Max(1, Math.Min(3, typed.TrimStart('-').Length / 3));
        return best is not null && bestDistance <= allowed ? $"; did you mean '{best}'?" : string.Empty;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost one.</summary>
    public static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
