using System.Text.RegularExpressions;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Docs;

/// <summary>
/// README stays navigable as it grows: its table of contents lists every ## and ### heading in order, every
/// <c>(#anchor)</c> link in README and docs/ names a heading that exists, and every relative link points at a file of
/// the repository. A heading renamed or a page moved without its links fails here rather than in a reader's browser.
/// </summary>
public sealed partial class ReadmeStructureTests
{
    private static readonly string Root = RepoRoot.Path;
    private static readonly string[] TopLevelPages = ["README.md", "AGENTS.md"];

    [Fact]
    public void The_contents_list_every_section_in_order()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var headings = Headings(readme).Where(h => h.Level is 2 or 3 && h.Text != "Contents")
            .Select(h => (h.Level, h.Text)).ToList();

        var contents = readme[readme.IndexOf("## Contents\n", StringComparison.Ordinal)..];
        contents = contents[..contents.IndexOf("\n## ", 12, StringComparison.Ordinal)];
        var listed = ContentsEntry().Matches(contents)
            .Select(m => (Level: m.Groups[1].Value.Length == 0 ? 2 : 3, Text: m.Groups[2].Value, Anchor: m.Groups[3].Value)).ToList();

        Assert.Equal(headings, listed.Select(e => (e.Level, e.Text)).ToList());
        Assert.All(listed, e => Assert.Equal(Anchor(e.Text), e.Anchor));
    }

    [Fact]
    public void Every_anchor_and_relative_link_resolves()
    {
        var pages = TopLevelPages
            .Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Select(f => Path.GetRelativePath(Root, f)))
            .ToList();
        var broken = new List<string>();
        foreach (var page in pages)
        {
            var text = File.ReadAllText(Path.Combine(Root, page));
            var dir = Path.GetDirectoryName(Path.Combine(Root, page))!;
            foreach (Match link in MarkdownLink().Matches(WithoutCode(text)))
            {
                var target = link.Groups[1].Value;
                if (target.StartsWith("http", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    continue;
                }

                var hash = target.IndexOf('#', StringComparison.Ordinal);
                var file = hash < 0 ? target : target[..hash];
                var anchor = hash < 0 ? null : target[(hash + 1)..];
                var path = file.Length == 0 ? Path.Combine(Root, page) : Path.GetFullPath(Path.Combine(dir, file));
                if (!File.Exists(path) && !Directory.Exists(path))
                {
                    broken.Add($"{page}: {target} (no such file)");
                    continue;
                }

                if (anchor is not null && path.EndsWith(".md", StringComparison.Ordinal)
                    && !Headings(File.ReadAllText(path)).Any(h => Anchor(h.Text) == anchor))
                {
                    broken.Add($"{page}: {target} (no such heading)");
                }
            }
        }

        Assert.True(broken.Count == 0, string.Join("\n", broken));
    }

    /// <summary>GitHub's rule: lower case, punctuation other than hyphens dropped, spaces become hyphens.</summary>
    private static string Anchor(string heading) =>
        NotAnchorCharacter().Replace(heading.Trim().ToLowerInvariant(), "").Replace(' ', '-');

    private static IEnumerable<(int Level, string Text)> Headings(string markdown)
    {
        var inFence = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }
            else if (!inFence && Heading().Match(line) is { Success: true } m)
            {
                yield return (m.Groups[1].Value.Length, m.Groups[2].Value);
            }
        }
    }

    private static string WithoutCode(string markdown) => InlineCode().Replace(FencedCode().Replace(markdown, ""), "");

    [GeneratedRegex(@"^(#{1,6}) (.+)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^(  )?- \[(.+)\]\(#([^)]+)\)$", RegexOptions.Multiline)]
    private static partial Regex ContentsEntry();

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"[^\w\- ]")]
    private static partial Regex NotAnchorCharacter();

    [GeneratedRegex("```.*?```", RegexOptions.Singleline)]
    private static partial Regex FencedCode();

    [GeneratedRegex("`[^`\n]*`")]
    private static partial Regex InlineCode();
}
