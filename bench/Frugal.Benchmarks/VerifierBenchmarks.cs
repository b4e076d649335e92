using BenchmarkDotNet.Attributes;
using Frugal.Core.Caching.Semantic.Verification;

namespace Frugal.Benchmarks;

/// <summary>
/// The semantic verifier's two costs: <c>Analyze</c> runs once per query that reaches the semantic cache (stored
/// entries keep their facts), <c>Verify</c> once per candidate above the similarity threshold. Issue #14 added
/// symbols, quoted strings, dotted names and flags; both must stay far below the embedder's cost per query.
/// </summary>
[MemoryDiagnoser]
[InProcess] // no generated child project: its build alone outlasts BenchmarkDotNet's 2-minute limit on a loaded 2-core box
public class VerifierBenchmarks
{
    private const string Prose = "Hi! I ordered a replacement card 2 weeks ago and it still hasn't arrived, what should I do?";
    private const string Code = "what does `os.path.join` return vs a[0] == b (x != y) with --verbose in python 3.12?";

    private readonly VerifierFacts _stored = SemanticVerifier.Analyze(Prose);
    private readonly VerifierFacts _query = SemanticVerifier.Analyze("hello, I ordered a replacement card 2 weeks ago and it still has not arrived - what now?");

    [Benchmark(Description = "Analyze prose question")]
    public VerifierFacts AnalyzeProse() => SemanticVerifier.Analyze(Prose);

    [Benchmark(Description = "Analyze code question")]
    public VerifierFacts AnalyzeCode() => SemanticVerifier.Analyze(Code);

    [Benchmark(Description = "Verify one candidate")]
    public bool Verify() => SemanticVerifier.Verify(_query, _stored).Accepted;
}
