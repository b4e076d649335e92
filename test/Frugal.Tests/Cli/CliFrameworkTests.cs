using System.CommandLine;
using Frugal.Cli;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Cli;

/// <summary>The command tree: help everywhere, --version, typo suggestions, one-line errors and their exit codes.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class CliFrameworkTests
{
    public static TheoryData<string> EveryCommand()
    {
        var data = new TheoryData<string>();
        foreach (var path in Paths(CommandTree.Build(), []))
        {
            data.Add(path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public async Task Every_command_has_help_with_a_description_and_described_options(string path)
    {
        var words = path.Length == 0 ? [] : path.Split(' ');
        var command = Find(CommandTree.Build(), words);

        var (code, output, error) = await CliRunner.RunAsync([.. words, "--help"]);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        Assert.False(string.IsNullOrWhiteSpace(command.Description), $"'{path}' has no description");
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Contains(command.Description![..Math.Min(30, command.Description!.Length)], output, StringComparison.Ordinal);
        foreach (var option in command.Options)
        {
            Assert.False(string.IsNullOrWhiteSpace(option.Description), $"'{path} {option.Name}' has no description");
            Assert.Contains(option.Name, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Defaults_are_shown_in_help()
    {
        var (code, output, _) = await CliRunner.RunAsync("report", "--help");

        Assert.Equal(0, code);
        Assert.Contains("[default: 7d]", output, StringComparison.Ordinal);
        Assert.Contains("[default: table]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_informational_version()
    {
        var (code, output, error) = await CliRunner.RunAsync("--version");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        Assert.Equal(Frugal.Cli.Cli.Version, output.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+", output.Trim());
    }

    [Theory]
    [InlineData("reprot", "did you mean 'report'?", "(see 'frugal --help')")]
    [InlineData("budgets lsit", "did you mean 'list'?", "(see 'frugal budgets --help')")]
    [InlineData("report --sinec 7d", "did you mean '--since'?", "(see 'frugal report --help')")]
    [InlineData("roi hardware --params 8B --qaunt Q4_K_M", "did you mean '--quant'?", "(see 'frugal roi hardware --help')")]
    public async Task A_typo_suggests_the_nearest_name_on_one_line_with_exit_2(string line, string suggestion, string help)
    {
        var (code, output, error) = await CliRunner.RunAsync(line.Split(' '));

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        var only = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", only, StringComparison.Ordinal);
        Assert.Contains(suggestion, only, StringComparison.Ordinal);
        Assert.EndsWith(help, only.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_word_far_from_every_command_gets_no_suggestion()
    {
        var (code, _, error) = await CliRunner.RunAsync("zzzzzzzz");

        Assert.Equal(2, code);
        Assert.DoesNotContain("did you mean", error, StringComparison.Ordinal);
        Assert.Contains("unknown command 'zzzzzzzz'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("estimate --model gpt-4o-mini", "--requests-per-day is required", "frugal estimate --help")]
    [InlineData("roi hardware --params 70", "write 70B", "frugal roi hardware --help")]
    [InlineData("keys", "Required command was not provided", "frugal keys --help")]
    [InlineData("report --since", "--since", "frugal report --help")]
    public async Task Usage_errors_are_one_line_that_names_the_help_and_exit_2(string line, string message, string help)
    {
        var (code, _, error) = await CliRunner.RunAsync(line.Split(' '));

        Assert.Equal(2, code);
        var only = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(message, only, StringComparison.Ordinal);
        Assert.Contains($"(see '{help}')", only, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_arguments_prints_the_overview_and_exits_0()
    {
        var (code, output, _) = await CliRunner.RunAsync();

        Assert.Equal(0, code);
        Assert.Contains("serve", output, StringComparison.Ordinal);
        Assert.Contains("router", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Suggestions_count_a_swap_as_one_edit()
    {
        Assert.Equal(1, CliErrors.EditDistance("reprot", "report"));
        Assert.Equal("; did you mean 'report'?", CliErrors.Suggestion("reprot", ["serve", "report", "roi"]));
        Assert.Equal(string.Empty, CliErrors.Suggestion("x", ["serve", "report"]));
    }

    [Fact]
    public void Control_characters_in_shown_text_become_visible_escapes()
    {
        Assert.Equal("a\\u001B[31mb\\u000Ac", TerminalText.Plain("a\u001b[31mb\nc"));
        Assert.Equal("[[x]] \\u202E", TerminalText.Markup("[x] \u202e"));
        Assert.Equal("plain", TerminalText.Plain("plain"));
    }

    private static IEnumerable<string> Paths(Command command, List<string> prefix)
    {
        yield return string.Join(' ', prefix);
        foreach (var subcommand in command.Subcommands)
        {
            foreach (var path in Paths(subcommand, [.. prefix, subcommand.Name]))
            {
                yield return path;
            }
        }
    }

    private static Command Find(Command root, string[] words)
    {
        var command = root;
        foreach (var word in words)
        {
            command = command.Subcommands.Single(c => c.Name == word);
        }

        return command;
    }
}
