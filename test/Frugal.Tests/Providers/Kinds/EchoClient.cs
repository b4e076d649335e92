using System.Text.Json;
using Frugal.Core.Dispatch;
using Frugal.Core.Pipeline;
using Frugal.Protocol.OpenAI;

namespace Frugal.Tests.Providers.Kinds;

/// <summary>An in-process upstream that answers "echo: " + the last message's text, with usage, and nothing else.</summary>
public sealed class EchoClient(string name) : IProviderClient
{
    public string Name => name;

    public ValueTask<GatewayResult<ChatCompletion>> SendAsync(ProviderCall call, CancellationToken cancellationToken)
    {
        var text = "echo: " + (call.Request.Messages is [.., var last] ? last.TextContent() : string.Empty);
        var response = new ChatCompletionResponse
        {
            Id = "chatcmpl-echo",
            Created = 1,
            Model = call.UpstreamModel,
            Choices = [new ChatChoice { Message = new ChatMessage { Role = "assistant", Content = JsonSerializer.SerializeToElement(text) }, FinishReason = "stop" }],
            Usage = new ChatUsage { PromptTokens = 3, CompletionTokens = 2, TotalTokens = 5 },
        };
        return ValueTask.FromResult<GatewayResult<ChatCompletion>>(new ChatCompletion(response));
    }

    public ValueTask<GatewayResult<ChatStream>> StreamAsync(ProviderCall call, CancellationToken cancellationToken)
        => ValueTask.FromResult<GatewayResult<ChatStream>>(GatewayError.InvalidRequest("the echo provider does not stream"));

    public ValueTask<GatewayResult<EmbeddingResult>> EmbedAsync(ProviderEmbeddingCall call, CancellationToken cancellationToken)
        => ValueTask.FromResult<GatewayResult<EmbeddingResult>>(GatewayError.InvalidRequest("the echo provider does not embed"));
}
