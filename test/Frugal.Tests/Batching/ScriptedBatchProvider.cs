using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using Frugal.Core.Batching;
using Frugal.Protocol.OpenAI;

namespace Frugal.Tests.Batching;

/// <summary>
/// The upstream mock of the provider-batch path (in-process, like FakeProvider): one provider's batch API whose
/// batches end after <see cref="PollsToEnd"/> polls with a chat.completion per line and known usage. Scripts: lines that
/// fail retryably in the first batch, polls where the provider is down, batches that only end when cancelled.
/// Also the registry (every provider name finds this client), shared by the gateways of a restart test.
/// </summary>
public sealed class ScriptedBatchProvider : IProviderBatchClient, IProviderBatchRegistry
{
    public const int PromptTokens = 100;
    public const int CachedTokens = 20;
    public const int CompletionTokens = 40;
    public const int ReasoningTokens = 10;

    private readonly ConcurrentDictionary<string, Batch> _batches = new(StringComparer.Ordinal);
    private int _created;
    private int _downPolls;

    public string ProviderName => "mock";

    public int PollsToEnd { get; set; } = 2;

    /// <summary>custom_ids answered 503 (retryable) in the first provider batch only.</summary>
    public IReadOnlySet<string> RetryableInFirstBatch { get; init; } = new HashSet<string>();

    /// <summary>Batches stay in progress until cancelled; then the first <see cref="FinishedBeforeCancel"/> lines have results.</summary>
    public bool HoldUntilCancelled { get; init; }

    public int FinishedBeforeCancel { get; init; }

    public int Created => Volatile.Read(ref _created);

    public int Polls { get; private set; }

    public IReadOnlyList<ProviderBatchRequest> Requests => [.. _batches.Values.OrderBy(b => b.Number).Select(b => b.Request)];

    /// <summary>The next <paramref name="polls"/> polls throw as if the provider were unreachable.</summary>
    public void GoDown(int polls) => Interlocked.Exchange(ref _downPolls, polls);

    public IProviderBatchClient? Find(string providerName) => providerName == ProviderName ? this : null;

    public ValueTask<ProviderBatchCallResult> CreateAsync(ProviderBatchRequest request, CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _created);
        var batch = new Batch(number, "pb_" + number, request);
        _batches[batch.Id] = batch;
        return ValueTask.FromResult(ProviderBatchCallResult.Ok(State(batch)));
    }

    public ValueTask<ProviderBatchCallResult> GetAsync(string providerBatchId, CancellationToken cancellationToken)
    {
        Polls++;
        if (Interlocked.Decrement(ref _downPolls) >= 0)
        {
            throw new HttpRequestException("connection refused (scripted outage)");
        }

        var batch = _batches[providerBatchId];
        batch.Polls++;
        if (!HoldUntilCancelled && batch.Polls >= PollsToEnd && batch.Status == ProviderBatchStatus.InProgress)
        {
            batch.Status = ProviderBatchStatus.Completed;
        }

        return ValueTask.FromResult(ProviderBatchCallResult.Ok(State(batch)));
    }

    public ValueTask<ProviderBatchCallResult> CancelAsync(string providerBatchId, CancellationToken cancellationToken)
    {
        var batch = _batches[providerBatchId];
        batch.Status = ProviderBatchStatus.Cancelled;
        return ValueTask.FromResult(ProviderBatchCallResult.Ok(State(batch)));
    }

    public async IAsyncEnumerable<ProviderBatchResult> ReadResultsAsync(ProviderBatchState state, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batch = _batches[state.ProviderBatchId];
        var lines = batch.Status == ProviderBatchStatus.Cancelled ? batch.Request.Lines.Take(FinishedBeforeCancel) : batch.Request.Lines;
        foreach (var line in lines)
        {
            await Task.Yield();
            if (batch.Number == 1 && RetryableInFirstBatch.Contains(line.CustomId))
            {
                yield return new ProviderBatchResult(line.CustomId, 503, Encoding.UTF8.GetBytes("""{"error":{"message":"overloaded","type":"server_error","code":null}}"""), null, Retryable: true);
                continue;
            }

            yield return new ProviderBatchResult(line.CustomId, 200, Completion(line.CustomId, batch.Request.UpstreamModel), Usage(), Retryable: false);
        }
    }

    public static ChatUsage Usage() => new()
    {
        PromptTokens = PromptTokens,
        CompletionTokens = CompletionTokens,
        TotalTokens = PromptTokens + CompletionTokens,
        PromptTokensDetails = new PromptTokensDetails { CachedTokens = CachedTokens },
        CompletionTokensDetails = new CompletionTokensDetails { ReasoningTokens = ReasoningTokens },
    };

    private static byte[] Completion(string customId, string model) => Encoding.UTF8.GetBytes(
        "{\"id\":\"chatcmpl-" + customId + "\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"" + model
        + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"answer to " + customId + "\"},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":40,\"total_tokens\":140,\"prompt_tokens_details\":{\"cached_tokens\":20},\"completion_tokens_details\":{\"reasoning_tokens\":10}}}");

    private static ProviderBatchState State(Batch batch)
        => new(batch.Id, batch.Status, batch.Request.Lines.Count, 0, 0, "out-" + batch.Id, null, null);

    private sealed class Batch(int number, string id, ProviderBatchRequest request)
    {
        public int Number { get; } = number;

        public string Id { get; } = id;

        public ProviderBatchRequest Request { get; } = request;

        public ProviderBatchStatus Status { get; set; } = ProviderBatchStatus.InProgress;

        public int Polls { get; set; }
    }
}
