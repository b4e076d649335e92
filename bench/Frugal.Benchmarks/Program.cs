using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Frugal.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Frugal.Benchmarks.LedgerBenchmarks).Assembly).Run(args);
