using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Pipeline;

/// <summary>
/// One client request as it travels through the pipeline: the parsed body (chat or embeddings), who sent it, when
/// it arrived, and the <see cref="Features"/> the stages set for each other, the response headers and the ledger.
/// </summary>
public sealed class GatewayRequest
{
    private GatewayRequest(string requestId, Tenant tenant, string requestedModel, ChatCompletionRequest? chat, EmbeddingRequest? embedding, long startTimestamp)
    {
        RequestId = requestId;
        Tenant = tenant;
        RequestedModel = requestedModel;
        Chat = chat;
        Embedding = embedding;
        StartTimestamp = startTimestamp;
    }

    public string RequestId { get; }

    public Tenant Tenant { get; }

    /// <summary>The model name the client asked for (a configured model, a route, or provider/model).</summary>
    public string RequestedModel { get; }

    /// <summary>The chat body; stages that change it replace it with a modified copy.</summary>
    public ChatCompletionRequest? Chat { get; set; }

    public EmbeddingRequest? Embedding { get; set; }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> when the request arrived.</summary>
    public long StartTimestamp { get; }

    /// <summary>Request headers stages may read (e.g. per-request cache directives), lower-case names.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; set; } = EmptyHeaders;

    /// <summary>What the stages found out and decided, one feature type per owning stage.</summary>
    public FeatureCollection Features { get; } = new();

    public static GatewayRequest ForChat(string requestId, Tenant tenant, ChatCompletionRequest chat, long startTimestamp)
        => new(requestId, tenant, chat.Model ?? string.Empty, chat, null, startTimestamp);

    public static GatewayRequest ForEmbedding(string requestId, Tenant tenant, EmbeddingRequest embedding, long startTimestamp)
        => new(requestId, tenant, embedding.Model ?? string.Empty, null, embedding, startTimestamp);

    private static readonly IReadOnlyDictionary<string, string> EmptyHeaders = new Dictionary<string, string>();
}
