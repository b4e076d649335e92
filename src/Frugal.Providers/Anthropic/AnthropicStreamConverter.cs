using Frugal.Core.Pipeline;
using Frugal.Core.Security;
using Frugal.Protocol.OpenAI;
using Frugal.Providers.Anthropic.Wire;

namespace Frugal.Providers.Anthropic;

/// <summary>
/// Turns one Anthropic message stream, event by event, into OpenAI chat completion chunks.
/// Stateful (id, model, usage, tool-call numbering), so use one instance per stream. Pure
/// otherwise: no I/O, and the creation time is passed in. The text of an <c>error</c> event goes
/// through <paramref name="masker"/> (generic credential patterns when none is given).
/// </summary>
public sealed class AnthropicStreamConverter(string provider, long created, CredentialMasker? masker = null)
{
    private string? _id;
    private string? _model;
    private AnthropicUsage? _startUsage;
    private AnthropicUsage? _deltaUsage;
    private string? _stopReason;

    // Anthropic numbers content blocks (text and tools together); OpenAI numbers tool calls
    // only. Maps a tool_use block's index to its tool-call index.
    private Dictionary<int, int>? _toolIndexByBlock;

    /// <summary>True once message_stop has been seen: a stream that ends before it was cut off.</summary>
    public bool Completed { get; private set; }

    /// <summary>
    /// Adds the chunks <paramref name="streamEvent"/> produces (usually zero or one) to
    /// <paramref name="output"/>. An <c>error</c> event throws <see cref="GatewayStreamException"/>.
    /// </summary>
    public void Convert(StreamEvent streamEvent, List<ChatCompletionChunk> output)
    {
        switch (streamEvent.Type)
        {
            case "message_start":
                _id = streamEvent.Message?.Id;
                _model = streamEvent.Message?.Model;
                _startUsage = streamEvent.Message?.Usage;
                output.Add(Chunk(new ChatDelta { Role = "assistant", Content = string.Empty }));
                break;

            case "content_block_start":
                StartBlock(streamEvent, output);
                break;

            case "content_block_delta":
                AddDelta(streamEvent, output);
                break;

            case "message_delta":
                // Its usage is cumulative, so the latest value of each field wins.
                _stopReason = streamEvent.Delta?.StopReason ?? _stopReason;
                if (streamEvent.Usage is { } usage)
                {
                    _deltaUsage = usage;
                }

                break;

            case "message_stop":
                Completed = true;
                var finish = Chunk(new ChatDelta());
                finish.Choices[0].FinishReason = AnthropicResponseConverter.FinishReason(_stopReason) ?? "stop";
                output.Add(finish);
                if (MergedUsage() is { } total)
                {
                    output.Add(new ChatCompletionChunk
                    {
                        Id = _id,
                        Created = created,
                        Model = _model,
                        Usage = AnthropicResponseConverter.ConvertUsage(total),
                    });
                }

                break;

            case "error":
                var cleaner = masker ?? CredentialMasker.Generic;
                var type = cleaner.Clean(streamEvent.Error?.Type, 128);
                var message = cleaner.Clean(streamEvent.Error?.Message) ?? "unknown error";

                // Overload and server errors are worth another attempt when they arrive before
                // anything reached the client; the dispatcher decides whether that is still so.
                var retryable = type is "overloaded_error" or "api_error" or "rate_limit_error" or "timeout_error";
                throw new GatewayStreamException(GatewayError.UpstreamFailed(
                    provider,
                    type is null ? $"stream error: {message}" : $"stream error ({type}): {message}",
                    retryable));

            // ping, content_block_stop, and event types added after this was written: Anthropic's
            // versioning policy asks clients to ignore events they do not know.
            default:
                break;
        }
    }

    private void StartBlock(StreamEvent streamEvent, List<ChatCompletionChunk> output)
    {
        var block = streamEvent.ContentBlock;
        switch (block?.Type)
        {
            case "text" when !string.IsNullOrEmpty(block.Text):
                output.Add(Chunk(new ChatDelta { Content = block.Text }));
                break;
            case "tool_use":
                _toolIndexByBlock ??= [];
                var toolIndex = _toolIndexByBlock.Count;
                _toolIndexByBlock[streamEvent.Index ?? -1] = toolIndex;
                output.Add(Chunk(new ChatDelta
                {
                    ToolCalls =
                    [
                        new ToolCall
                        {
                            Index = toolIndex,
                            Id = block.Id,
                            Type = "function",
                            Function = new FunctionCall { Name = block.Name, Arguments = string.Empty },
                        },
                    ],
                }));
                break;

            // thinking, redacted_thinking and server-tool blocks have no OpenAI counterpart.
            default:
                break;
        }
    }

    private void AddDelta(StreamEvent streamEvent, List<ChatCompletionChunk> output)
    {
        var delta = streamEvent.Delta;
        switch (delta?.Type)
        {
            case "text_delta" when !string.IsNullOrEmpty(delta.Text):
                output.Add(Chunk(new ChatDelta { Content = delta.Text }));
                break;
            case "input_json_delta" when !string.IsNullOrEmpty(delta.PartialJson)
                && _toolIndexByBlock is not null
                && _toolIndexByBlock.TryGetValue(streamEvent.Index ?? -1, out var toolIndex):
                // Deltas of server-tool blocks (not in the map) are Anthropic's own work: skipped.
                output.Add(Chunk(new ChatDelta
                {
                    ToolCalls = [new ToolCall { Index = toolIndex, Function = new FunctionCall { Arguments = delta.PartialJson } }],
                }));
                break;

            // thinking_delta and signature_delta are dropped (reasoning is billed in output_tokens);
            // citations_delta has no OpenAI counterpart.
            default:
                break;
        }
    }

    private AnthropicUsage? MergedUsage()
    {
        if (_startUsage is null && _deltaUsage is null)
        {
            return null; // nothing reported: unknown is not zero
        }

        var start = _startUsage ?? new AnthropicUsage();
        var last = _deltaUsage ?? new AnthropicUsage();
        return new AnthropicUsage
        {
            InputTokens = last.InputTokens ?? start.InputTokens,
            OutputTokens = last.OutputTokens ?? start.OutputTokens,
            CacheReadInputTokens = last.CacheReadInputTokens ?? start.CacheReadInputTokens,
            CacheCreationInputTokens = last.CacheCreationInputTokens ?? start.CacheCreationInputTokens,
            CacheCreation = last.CacheCreation ?? start.CacheCreation,
        };
    }

    private ChatCompletionChunk Chunk(ChatDelta delta) => new()
    {
        Id = _id,
        Created = created,
        Model = _model,
        Choices = [new ChunkChoice { Index = 0, Delta = delta }],
    };
}
