namespace Frugal.Core.Configuration;

/// <summary>One thing wrong with a config, located by its JSON path (e.g. <c>$.providers.mock.baseUrl</c>).</summary>
public sealed record ConfigProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
