using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Frugal.Core.Batching;
using Frugal.Core.Configuration;
using Frugal.Providers.OpenAICompatible;

namespace Frugal.Benchmarks;

/// <summary>
/// The OpenAI batch client's own work on a 50,000-line batch (the API's maximum), without a network: the JSONL
/// upload written into the multipart body (each body's model rewritten in place) and drained, and a 50,000-line
/// output file read back line by line into results with parsed usage. The handler answers from memory.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class ProviderBatchBenchmarks
{
    private const int Lines = 50_000;

    private ProviderBatchRequest _request = null!;
    private OpenAIBatchClient _client = null!;
    private HttpClient _http = null!;
    private ProviderBatchState _ended = null!;

    [GlobalSetup]
    public void Setup()
    {
        var lines = new List<ProviderBatchLine>(Lines);
        var output = new StringBuilder();
        for (var i = 0; i < Lines; i++)
        {
            var body = $$"""{"model":"report-writer","messages":[{"role":"system","content":"You summarise support tickets in two sentences."},{"role":"user","content":"Ticket {{i}}: the invoice for order {{i * 7}} was charged twice; please refund one of the two charges."}],"temperature":0.2,"max_tokens":120}""";
            lines.Add(new ProviderBatchLine($"ticket-{i}", Encoding.UTF8.GetBytes(body)));
            output.Append("{\"id\":\"batch_req_").Append(i).Append("\",\"custom_id\":\"ticket-").Append(i)
                .Append("\",\"response\":{\"status_code\":200,\"request_id\":\"req_1\",\"body\":{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"The customer was charged twice for one order. A refund of the duplicate charge is requested.\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":48,\"completion_tokens\":19,\"total_tokens\":67,\"prompt_tokens_details\":{\"cached_tokens\":0}}}},\"error\":null}\n");
        }

        _request = new ProviderBatchRequest("/v1/chat/completions", "gpt-4o-mini", lines, new Dictionary<string, string>());
        _http = new HttpClient(new MemoryProvider(Encoding.UTF8.GetBytes(output.ToString())));
        _client = new OpenAIBatchClient(new ProviderConfig { Name = "openai", BaseUrl = new Uri("http://127.0.0.1:9/v1") }, _http, TimeProvider.System);
        _ended = new ProviderBatchState("batch_1", ProviderBatchStatus.Completed, Lines, Lines, 0, "file-out", null, null);
    }

    [GlobalCleanup]
    public void Cleanup() => _http.Dispose();

    [Benchmark]
    public async Task<int> Create50kLines()
    {
        var result = await _client.CreateAsync(_request, CancellationToken.None);
        return result.State!.Total;
    }

    [Benchmark]
    public async Task<long> ReadResults50kLines()
    {
        long tokens = 0;
        await foreach (var line in _client.ReadResultsAsync(_ended, CancellationToken.None))
        {
            tokens += line.Usage!.TotalTokens;
        }

        return tokens;
    }

    /// <summary>Drains uploads and answers the Files/Batches calls and the output file from memory.</summary>
    private sealed class MemoryProvider(byte[] outputFile) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            if (path.EndsWith("/content", StringComparison.Ordinal))
            {
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(outputFile) };
            }

            if (request.Content is not null)
            {
                await request.Content.CopyToAsync(Stream.Null, cancellationToken);
            }

            var json = path.EndsWith("/files", StringComparison.Ordinal)
                ? """{"id":"file-1","object":"file"}"""
                : """{"id":"batch_1","object":"batch","status":"validating","request_counts":{"total":50000,"completed":0,"failed":0}}""";
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        }
    }
}
