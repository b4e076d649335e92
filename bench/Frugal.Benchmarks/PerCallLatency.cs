using System.Diagnostics;
using System.Globalization;

namespace Frugal.Benchmarks;

/// <summary>Times calls one by one and stores p50/p99 (and any extra figure) where <see cref="PerCallLatencyColumn"/> reads them.</summary>
public static class PerCallLatency
{
    private static readonly string Directory = Path.Combine(Path.GetTempPath(), "frugal-bench", "latency");

    public static void Measure(string benchmark, string parameters, int calls, Action call, params (string Key, string Value)[] extra)
    {
        var ticks = new long[calls];
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            call();
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }

        Array.Sort(ticks);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["p50"] = Format(ticks[calls / 2]),
            ["p99"] = Format(ticks[(int)(calls * 0.99)]),
        };
        foreach (var (key, value) in extra)
        {
            values[key] = value;
        }

        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllLines(PathOf(benchmark, parameters), values.Select(v => $"{v.Key}={v.Value}"));
        Console.WriteLine($"// {benchmark} [{parameters}] per call: {string.Join(", ", values.Select(v => $"{v.Key} {v.Value}"))}");
    }

    public static string? Read(string benchmark, string parameters, string key)
    {
        var path = PathOf(benchmark, parameters);
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadAllLines(path))
        {
            if (line.StartsWith(key + "=", StringComparison.Ordinal))
            {
                return line[(key.Length + 1)..];
            }
        }

        return null;
    }

    private static string PathOf(string benchmark, string parameters) => Path.Combine(Directory, $"{benchmark}-{parameters}.txt");

    private static string Format(long ticks)
    {
        var microseconds = ticks * 1_000_000.0 / Stopwatch.Frequency;
        return microseconds >= 1000
            ? (microseconds / 1000).ToString("F2", CultureInfo.InvariantCulture) + " ms"
            : microseconds.ToString("F1", CultureInfo.InvariantCulture) + " μs";
    }
}
