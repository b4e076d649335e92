using Frugal.Core.Configuration;

namespace Frugal.Server.Configuration;

/// <summary>What one reload check found: the file's problems (it stays unapplied), or the root sections that differ from the running configuration.</summary>
public sealed record ConfigReloadOutcome(IReadOnlyList<ConfigProblem> Problems, IReadOnlyList<string> ChangedSections)
{
    public bool IsValid => Problems.Count == 0;
}
