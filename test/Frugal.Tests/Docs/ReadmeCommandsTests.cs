using System.Text;
using System.Text.RegularExpressions;
using Frugal.Cli;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Docs;

/// <summary>
/// Every <c>frugal …</c> command README shows in a ```bash block (also as <c>./frugal</c> or <c>dotnet run --project
/// src/Frugal.Cli --</c>) parses with the CLI's own command tree: no unknown command or option, no missing value. A
/// renamed option fails here, not in a reader's terminal. (What the commands print is covered by the CLI tests.)
/// </summary>
public sealed partial class ReadmeCommandsTests
{
    private static readonly string[] Prefixes = ["frugal ", "./frugal ", "dotnet run --project src/Frugal.Cli -- "];

    [Fact]
    public void Every_frugal_command_in_README_parses()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot.Path, "README.md"));
        var commands = Commands(readme).ToList();
        Assert.True(commands.Count >= 30, $"expected README's frugal commands, found {commands.Count}");

        var root = CommandTree.Build();
        var refused = commands
            .Select(command => (command, errors: root.Parse(Words(command)).Errors))
            .Where(parsed => parsed.errors.Count > 0)
            .Select(parsed => $"{parsed.command}\n    {string.Join("; ", parsed.errors.Select(e => e.Message))}")
            .ToList();

        Assert.True(refused.Count == 0, string.Join("\n", refused));
    }

    private static IEnumerable<string> Commands(string readme)
    {
        foreach (Match block in BashBlock().Matches(readme))
        {
            var lines = block.Groups[1].Value.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                while (line.EndsWith('\\') && i + 1 < lines.Length)
                {
                    line = line[..^1] + " " + lines[++i].Trim();
                }

                line = line.Trim();
                var prefix = Prefixes.FirstOrDefault(p => line.StartsWith(p, StringComparison.Ordinal));
                if (prefix is not null)
                {
                    yield return WithoutComment(line[prefix.Length..]).TrimEnd('&', ' ');
                }
            }
        }
    }

    /// <summary>A trailing <c># …</c> outside quotes is a shell comment.</summary>
    private static string WithoutComment(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || line[i - 1] == ' '))
            {
                return line[..i].TrimEnd();
            }
        }

        return line;
    }

    /// <summary>Shell words: split on spaces, quotes group and are removed.</summary>
    private static string[] Words(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var quote = '\0';
        var inWord = false;
        foreach (var c in command)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (c == ' ')
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return [.. words];
    }

    [GeneratedRegex("```bash\\n(.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
