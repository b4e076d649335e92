using System.Text.Json;
using BenchmarkDotNet.Running;

namespace Frugal.Benchmarks;

/// <summary>
/// bench/allocation-budgets.json: <c>{"budgets": {"Class.Method": maxBytesPerOperation, "Class.Method(Param=value)": …}}</c>.
/// Names are BenchmarkDotNet's class and method, plus the parameter values when the benchmark has any.
/// </summary>
public static class AllocationBudgets
{
    public static IReadOnlyDictionary<string, long> Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var budgets = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var budget in document.RootElement.GetProperty("budgets").EnumerateObject())
        {
            budgets[budget.Name] = budget.Value.GetInt64();
        }

        return budgets;
    }

    public static string Name(BenchmarkCase benchmark)
    {
        var name = $"{benchmark.Descriptor.Type.Name}.{benchmark.Descriptor.WorkloadMethod.Name}";
        return benchmark.Parameters.Count == 0
            ? name
            : $"{name}({string.Join(",", benchmark.Parameters.Items.Select(p => $"{p.Name}={p.Value}"))})";
    }
}
