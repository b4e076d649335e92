using BenchmarkDotNet.Running;
using Frugal.Benchmarks;

// dotnet run -c Release --project bench/Frugal.Benchmarks -- --filter '*'
// dotnet run -c Release --project bench/Frugal.Benchmarks -- --check-allocations bench/allocation-budgets.json
if (args is [AllocationCheck.Flag, var budgets])
{
    return AllocationCheck.Run(budgets);
}

BenchmarkSwitcher.FromAssembly(typeof(LedgerBenchmarks).Assembly).Run(args);
return 0;
