namespace Frugal.Cli;

/// <summary>
/// The parsed arguments of one command: positionals, <c>--name value</c> options (repeatable)
/// and <c>--flag</c> switches. Small on purpose: the commands stay readable and start fast.
/// </summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private CommandLine(IReadOnlyList<string> positionals) => Positionals = positionals;

    public IReadOnlyList<string> Positionals { get; }

    /// <summary>Parses <paramref name="args"/>; names in <paramref name="flags"/> take no value.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlySet<string> flags)
    {
        var positionals = new List<string>();
        var options = new List<(string, string?)>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                positionals.Add(arg);
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? arg[2..equals] : arg[2..];
            if (equals > 0)
            {
                options.Add((name, arg[(equals + 1)..]));
            }
            else if (flags.Contains(name))
            {
                options.Add((name, null));
            }
            else if (i + 1 < args.Count)
            {
                options.Add((name, args[++i]));
            }
            else
            {
                throw new CliException($"--{name} needs a value.");
            }
        }

        var line = new CommandLine(positionals);
        foreach (var (name, value) in options)
        {
            if (value is null)
            {
                line._flags.Add(name);
            }
            else
            {
                if (!line._options.TryGetValue(name, out var values))
                {
                    line._options[name] = values = [];
                }

                values.Add(value);
            }
        }

        return line;
    }

    public string? Option(string name)
    {
        _read.Add(name);
        return _options.TryGetValue(name, out var values) ? values[^1] : null;
    }

    public string RequiredOption(string name) => Option(name) ?? throw new CliException($"--{name} is required.");

    public IReadOnlyList<string> Options(string name)
    {
        _read.Add(name);
        return _options.TryGetValue(name, out var values) ? values : [];
    }

    public bool Flag(string name)
    {
        _read.Add(name);
        return _flags.Contains(name);
    }

    /// <summary>Fails on options no command read, so a typo is an error, not silently ignored.</summary>
    public void EnsureAllRead()
    {
        var unknown = _options.Keys.Concat(_flags).Where(name => !_read.Contains(name)).ToList();
        if (unknown.Count > 0)
        {
            throw new CliException($"Unknown option(s): {string.Join(", ", unknown.Select(n => "--" + n))}. Run 'frugal help'.");
        }
    }
}
