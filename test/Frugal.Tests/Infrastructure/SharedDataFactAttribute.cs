namespace Frugal.Tests.Infrastructure;

/// <summary>
/// A fact that reads the labelled data sets in <c>../shared/data</c> (beside the repository on the project's machines
/// and in CI, absent from a plain clone). Where the folder is missing it is reported as skipped, naming the folder —
/// unless <c>FRUGAL_REQUIRE_SHARED=1</c> (set by <c>.ci/run</c>): then it runs and fails, so CI can never pass by skipping.
/// </summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public const string RequireVariable = "FRUGAL_REQUIRE_SHARED";

    public SharedDataFactAttribute()
    {
        if (!Directory.Exists(Folder) && Environment.GetEnvironmentVariable(RequireVariable) != "1")
        {
            Skip = $"needs the shared data sets in {Folder} (beside the repository; not part of a clone). " +
                $"CI sets {RequireVariable}=1, which makes this test fail instead of skip.";
        }
    }

    /// <summary>The shared data folder: <c>../shared/data</c> next to the repository root.</summary>
    public static string Folder { get; } = Path.GetFullPath(Path.Combine(RepoRoot.Path, "..", "shared", "data"));
}
