using System.Text;
using System.Text.Json;
using Frugal.Core.Batching;
using Frugal.Core.Configuration;
using Frugal.MockUpstream;
using Microsoft.Extensions.Time.Testing;

namespace Frugal.Tests.Providers.Batches;

/// <summary>
/// A real MockUpstream on a socket whose batch clock is a <see cref="FakeTimeProvider"/>: a batch is validating,
/// then in progress after 600 ms, then ended after 1.2 s of fake time, with no sleeping.
/// </summary>
internal sealed class BatchMock : IAsyncDisposable
{
    public const int DelayMs = 1000;

    private BatchMock(MockUpstreamServer server, FakeTimeProvider time)
    {
        Server = server;
        Time = time;
    }

    public MockUpstreamServer Server { get; }

    public FakeTimeProvider Time { get; }

    public static async Task<BatchMock> StartAsync()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));
        var server = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { Time = time, BatchDelayMs = DelayMs });
        return new BatchMock(server, time);
    }

    public ProviderConfig Provider(string name, string kind, string? apiKeyEnv = null)
        => new()
        {
            Name = name,
            Kind = kind,
            BaseUrl = new Uri(kind == "anthropic" ? Server.BaseUri.AbsoluteUri : Server.BaseUri.AbsoluteUri + "v1"),
            ApiKeyEnv = apiKeyEnv,
            Batch = true,
        };

    /// <summary>Moves past the in-progress phase to where the next poll ends the batch.</summary>
    public void Finish() => Time.Advance(TimeSpan.FromMilliseconds(DelayMs * 1.2));

    public static ProviderBatchLine Chat(string customId, string text, string model = "client-model", string? extraJson = null)
    {
        var json = $$"""{"model":{{JsonSerializer.Serialize(model)}},"messages":[{"role":"user","content":{{JsonSerializer.Serialize(text)}}}]{{extraJson}}}""";
        return new ProviderBatchLine(customId, Encoding.UTF8.GetBytes(json));
    }

    public static ProviderBatchRequest Request(IReadOnlyList<ProviderBatchLine> lines, string upstreamModel, string endpoint = "/v1/chat/completions")
        => new(endpoint, upstreamModel, lines, new Dictionary<string, string> { ["frugal_batch"] = "b-1" });

    public static List<ProviderBatchLine> ManyLines(int count)
        => [.. Enumerable.Range(0, count).Select(i => Chat($"line-{i}", $"question {i} [[tokens:3]]"))];

    public static async Task<List<ProviderBatchResult>> ReadAllAsync(IProviderBatchClient client, ProviderBatchState state)
    {
        var results = new List<ProviderBatchResult>();
        await foreach (var result in client.ReadResultsAsync(state, CancellationToken.None))
        {
            results.Add(result);
        }

        return results;
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
