namespace Frugal.Core.Configuration;

public sealed record ConfigLoadResult(GatewayConfig? Config, IReadOnlyList<ConfigProblem> Problems, string Source)
{
    public bool IsValid => Config is not null && Problems.Count == 0;
}
