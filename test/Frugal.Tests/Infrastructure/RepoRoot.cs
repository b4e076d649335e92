namespace Frugal.Tests.Infrastructure;

/// <summary>The repository root (where Frugal.slnx is), found from the test's output directory.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Frugal.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Frugal.slnx not found above " + AppContext.BaseDirectory);
    }
}
