namespace Frugal.Tests.Dashboard;

/// <summary>A fact that needs Debian's chromium: reported as skipped, with the reason, where it is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Path = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Path))
        {
            Skip = $"{Path} is not installed (apt-get install chromium; .ci/run installs it), so the dashboard browser test cannot run.";
        }
    }
}
