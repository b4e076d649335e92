using System.Diagnostics;
using Frugal.Core.Batching;
using Frugal.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Frugal.Tests.Batching;

/// <summary>
/// The memory figure of a streamed 50,000-line validation. It reads the process-wide allocation counter, so it runs
/// alone (<see cref="MeasuredAllocationsCollection"/>): a test running beside it would add its allocations.
/// </summary>
[Collection(MeasuredAllocationsCollection.Name)]
public sealed class BatchFileValidationMemoryTests(ITestOutputHelper output)
{
    /// <summary>The speed figure of issue #15: accepting + validating a 50,000-line file (~11 MB), streamed.</summary>
    [Fact]
    public async Task A_50000_line_file_is_validated_streamed_with_bounded_memory()
    {
        var path = Path.Combine(Path.GetTempPath(), "frugal-tests", "batch-50k-" + Guid.NewGuid().ToString("N") + ".jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, BatchTesting.ChatLines(50_000));
        var copy = path + ".copy";
        try
        {
            GC.Collect();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            var clock = Stopwatch.StartNew();
            BatchFileSummary summary;
            await using (var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true))
            await using (var output = new FileStream(copy, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                summary = await BatchFileValidator.CopyAndValidateAsync(input, output, new BatchesConfig(), CancellationToken.None);
            }

            clock.Stop();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var fileBytes = new FileInfo(path).Length;
            output.WriteLine($"50,000 lines, {fileBytes / 1e6:0.0} MB: {clock.Elapsed.TotalMilliseconds:0} ms, allocated {allocated / 1e6:0.0} MB, heap before {heapBefore / 1e6:0.0} MB, working set {Environment.WorkingSet / 1e6:0} MB");

            Assert.False(summary.Problems.Any, summary.Problems.Message("bad"));
            Assert.Equal(50_000, summary.Lines);
            Assert.Equal(fileBytes, new FileInfo(copy).Length);
            // Churn, not retention: a few short strings per line (custom_id kept for the duplicate check, model) — the file itself is never held.
            Assert.True(allocated < 2 * fileBytes, $"allocated {allocated} bytes for a {fileBytes}-byte file");
        }
        finally
        {
            File.Delete(path);
            File.Delete(copy);
        }
    }
}
