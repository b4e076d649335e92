using System.Text.RegularExpressions;
using Frugal.Server;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Core;

/// <summary>
/// README's config examples of the optional stages (privacy, compression, provider prompt caching) are valid as
/// written: each ```json block that starts with the section's key is parsed inside a config that has only the
/// providers the examples name (a local Ollama server, where data does not leave, and Anthropic).
/// </summary>
public sealed partial class ReadmeStageExamplesTests
{
    private const string LocalProvider = """
        "providers": {
          "local-ollama": { "kind": "openai", "baseUrl": "http://127.0.0.1:11434/v1" },
          "anthropic": { "kind": "anthropic", "baseUrl": "https://api.anthropic.com", "apiKeyEnv": "ANTHROPIC_API_KEY" }
        },
        """;

    [Theory]
    [InlineData("privacy")]
    [InlineData("compression")]
    [InlineData("promptCache")]
    public void The_section_example_in_README_is_valid_as_written(string section)
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot.Path, "README.md"));
        var block = JsonBlocks().Matches(readme).Select(m => m.Groups[1].Value).FirstOrDefault(b => b.StartsWith($"\"{section}\"", StringComparison.Ordinal));
        Assert.True(block is not null, $"README must carry a ```json block that starts with \"{section}\"");

        var result = ConfigLoader.Parse("{" + LocalProvider + block + "}", "README");

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
    }

    [GeneratedRegex("```json\\n(.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlocks();
}
