using Frugal.Core.Configuration;
using Frugal.Server;

namespace Frugal.Cli.Commands;

/// <summary>Loads the config for a command and prints every problem the same way for all commands.</summary>
public static class ConfigFiles
{
    public static GatewayConfig LoadOrExit(string? path, TextWriter error)
    {
        var result = ConfigLoader.Load(path);
        if (result.IsValid)
        {
            return result.Config!;
        }

        PrintProblems(result.Source, result.Problems, error);
        throw new ConfigRejectedException();
    }

    public static void PrintProblems(string source, IReadOnlyList<ConfigProblem> problems, TextWriter output)
    {
        output.WriteLine($"{source}: {problems.Count} problem(s):");
        foreach (var problem in problems)
        {
            output.WriteLine($"  {problem}");
        }
    }
}
