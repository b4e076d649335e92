using Frugal.Core.Configuration;

namespace Frugal.Server.Configuration;

/// <summary>
/// What one reload did: the file's problems (nothing applied), or the settings it applied live (and the generation
/// they made), those that wait for a restart, and why the live part could not be applied when it could not.
/// </summary>
public sealed record ConfigReloadOutcome(IReadOnlyList<ConfigProblem> Problems, IReadOnlyList<string> Applied, IReadOnlyList<string> RestartNeeded)
{
    public bool IsValid => Problems.Count == 0;

    /// <summary>The generation now serving requests, when this reload applied one.</summary>
    public int? Generation { get; init; }

    /// <summary>Every changed setting, applied or not.</summary>
    public IReadOnlyList<string> Changed => [.. Applied, .. RestartNeeded];
}
