using Frugal.Tests.Infrastructure;
using Frugal.Tools.Routing;

namespace Frugal.Tests.Routing;

/// <summary>
/// <c>frugal router eval-groups</c> on a slice of MMLU (two subjects per category): every category
/// is held out once, and the report has the random and prompt-length baselines beside the learned router.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class GroupedEvaluationTests : IDisposable
{
    private static readonly string[] Subjects =
    [
        "mmlu_college_physics.csv", "mmlu_high_school_statistics.csv",
        "mmlu_philosophy.csv", "mmlu_world_religions.csv",
        "mmlu_sociology.csv", "mmlu_us_foreign_policy.csv",
        "mmlu_nutrition.csv", "mmlu_marketing.csv",
    ];

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "frugal-router-groups-tests", Guid.NewGuid().ToString("N"));

    public GroupedEvaluationTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public void The_mapping_has_the_57_subjects_in_four_groups()
    {
        Assert.Equal(57, MmluSubjectGroups.Subjects.Count);
        var sizes = MmluSubjectGroups.Subjects.GroupBy(s => MmluSubjectGroups.GroupOf(s)).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(18, sizes[MmluSubjectGroups.Stem]);
        Assert.Equal(13, sizes[MmluSubjectGroups.Humanities]);
        Assert.Equal(12, sizes[MmluSubjectGroups.SocialSciences]);
        Assert.Equal(14, sizes[MmluSubjectGroups.Other]);
        Assert.Equal(MmluSubjectGroups.Stem, MmluSubjectGroups.GroupOf("/data/mmlu_college_physics.csv"));
        Assert.Null(MmluSubjectGroups.GroupOf("banking.csv"));
    }

    [SharedDataFact]
    public void Every_shared_mmlu_file_has_a_group()
    {
        var files = Directory.GetFiles(Path.Combine(SharedDataFactAttribute.Folder, "routellm-mmlu"), "*.csv");

        Assert.Equal(57, files.Length);
        Assert.All(files, f => Assert.NotNull(MmluSubjectGroups.GroupOf(f)));
    }

    [Trait("Category", "Slow")]
    [SharedDataFact]
    public async Task Eval_groups_reports_each_held_out_group_against_the_baselines()
    {
        var data = Path.Combine(_dir, "data");
        Directory.CreateDirectory(data);
        foreach (var subject in Subjects)
        {
            File.Copy(Path.Combine(SharedDataFactAttribute.Folder, "routellm-mmlu", subject), Path.Combine(data, subject));
        }

        var (code, output, error) = await CliRunner.RunAsync(
            "router", "eval-groups", "--data", data, "--weak-col", "mistralai/Mixtral-8x7B-Instruct-v0.1", "--strong-col", "gpt-4-1106-preview",
            "--embedder", "hashing", "--embedding-cache", Path.Combine(_dir, "emb.bin"));

        Assert.True(code == 0, output + error);
        foreach (var group in MmluSubjectGroups.Groups)
        {
            Assert.Contains($"Held out: {group} —", output, StringComparison.Ordinal);
            Assert.Contains($"| {group} |", output, StringComparison.Ordinal);
        }

        Assert.Equal(4, CountLines(output, "random  "));
        Assert.Equal(4, CountLines(output, "prompt length  "));
        Assert.Equal(4, CountLines(output, "lexical  "));
        Assert.Equal(4, CountLines(output, "embedding  "));
        Assert.Equal(4, CountLines(output, "combined deployed"));
        Assert.Contains("| held-out group | rows | random | prompt length | lexical | embedding | combined |", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir, "emb.bin")));
    }

    private static int CountLines(string text, string start) =>
        text.Split('\n').Count(l => l.StartsWith(start, StringComparison.Ordinal));
}
