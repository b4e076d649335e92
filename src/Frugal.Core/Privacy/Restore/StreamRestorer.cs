using Frugal.Core.Pipeline;
using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Privacy.Restore;

/// <summary>
/// The <see cref="IChunkRewriter"/> that restores placeholders in a streamed answer: per choice, the content and each
/// tool call's arguments have their own <see cref="PlaceholderRestorer"/>. A chunk with nothing to restore and
/// nothing held passes on untouched (its upstream bytes too); a placeholder split across chunks is held back — at
/// most one placeholder's length — and goes out whole with the next chunk, at the choice's finish, or at the end.
/// </summary>
public sealed class StreamRestorer(PlaceholderMap map) : IChunkRewriter
{
    private readonly Dictionary<int, PlaceholderRestorer> _content = [];
    private readonly Dictionary<(int Choice, int Call), PlaceholderRestorer> _arguments = [];
    private ChatCompletionChunk? _last;

    public void OnChunk(ChatChunk chunk, ChunkOutput output)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentNullException.ThrowIfNull(output);
        var parsed = chunk.Parsed;
        if (parsed.Choices.Count == 0 || !NeedsWork(parsed))
        {
            output.Emit(chunk);
            return;
        }

        _last = parsed;
        var choices = new List<ChunkChoice>(parsed.Choices.Count);
        foreach (var choice in parsed.Choices)
        {
            choices.Add(RestoreChoice(choice));
        }

        output.Emit(ChatChunk.FromParsed(CopyWith(parsed, choices)));
    }

    public void OnUpstreamEnded(ChunkOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_last is null)
        {
            return;
        }

        var choices = new List<ChunkChoice>();
        foreach (var (index, restorer) in _content)
        {
            if (restorer.IsHolding)
            {
                choices.Add(new ChunkChoice { Index = index, Delta = new ChatDelta { Content = restorer.Flush() } });
            }
        }

        foreach (var ((choice, call), restorer) in _arguments)
        {
            if (restorer.IsHolding)
            {
                var delta = new ChatDelta { ToolCalls = [new ToolCall { Index = call, Function = new FunctionCall { Arguments = restorer.Flush() } }] };
                choices.Add(new ChunkChoice { Index = choice, Delta = delta });
            }
        }

        if (choices.Count > 0)
        {
            var closing = CopyWith(_last, choices);
            closing.Usage = null; // the usage chunk, if any, went out already
            output.Emit(ChatChunk.FromParsed(closing));
        }
    }

    /// <summary>Something to restore in this chunk ('&lt;' in a text) or something held for one of its choices.</summary>
    private bool NeedsWork(ChatCompletionChunk parsed)
    {
        if (_content.Count > 0 || _arguments.Count > 0)
        {
            foreach (var restorer in _content.Values)
            {
                if (restorer.IsHolding)
                {
                    return true;
                }
            }

            foreach (var restorer in _arguments.Values)
            {
                if (restorer.IsHolding)
                {
                    return true;
                }
            }
        }

        foreach (var choice in parsed.Choices)
        {
            if (choice.Delta.Content is { } content && content.Contains('<', StringComparison.Ordinal))
            {
                return true;
            }

            if (choice.Delta.ToolCalls is { } calls)
            {
                foreach (var call in calls)
                {
                    if (call.Function?.Arguments is { Length: > 0 })
                    {
                        return true; // arguments are followed through the JSON structure, piece by piece
                    }
                }
            }
        }

        return false;
    }

    private ChunkChoice RestoreChoice(ChunkChoice choice)
    {
        var delta = choice.Delta;
        var finishing = choice.FinishReason is not null;
        var content = delta.Content;
        if (content is not null || _content.ContainsKey(choice.Index))
        {
            var restorer = ContentRestorer(choice.Index);
            content = restorer.Push(content);
            if (finishing)
            {
                content += restorer.Flush();
            }

            if (delta.Content is null && content.Length == 0)
            {
                content = null;
            }
        }

        List<ToolCall>? calls = null;
        if (delta.ToolCalls is { } toolCalls)
        {
            calls = new List<ToolCall>(toolCalls.Count);
            foreach (var call in toolCalls)
            {
                if (call.Function is { Arguments: { } arguments } function)
                {
                    var restorer = ArgumentsRestorer(choice.Index, call.Index ?? 0);
                    var restored = restorer.Push(arguments) + (finishing ? restorer.Flush() : string.Empty);
                    calls.Add(new ToolCall
                    {
                        Index = call.Index,
                        Id = call.Id,
                        Type = call.Type,
                        Extra = call.Extra,
                        Function = new FunctionCall { Name = function.Name, Arguments = restored, Extra = function.Extra },
                    });
                }
                else
                {
                    calls.Add(call);
                }
            }
        }

        if (finishing)
        {
            calls = FlushHeldArguments(choice.Index, calls);
        }

        return new ChunkChoice
        {
            Index = choice.Index,
            Logprobs = choice.Logprobs,
            FinishReason = choice.FinishReason,
            Extra = choice.Extra,
            Delta = new ChatDelta { Role = delta.Role, Content = content, ToolCalls = calls, Refusal = delta.Refusal, Extra = delta.Extra },
        };
    }

    /// <summary>At a choice's finish: arguments still held for its tool calls go out in this chunk.</summary>
    private List<ToolCall>? FlushHeldArguments(int choice, List<ToolCall>? calls)
    {
        foreach (var ((owner, call), restorer) in _arguments)
        {
            if (owner == choice && restorer.IsHolding)
            {
                (calls ??= []).Add(new ToolCall { Index = call, Function = new FunctionCall { Arguments = restorer.Flush() } });
            }
        }

        return calls;
    }

    private PlaceholderRestorer ContentRestorer(int choice)
    {
        if (!_content.TryGetValue(choice, out var restorer))
        {
            restorer = new PlaceholderRestorer(map, json: false);
            _content[choice] = restorer;
        }

        return restorer;
    }

    private PlaceholderRestorer ArgumentsRestorer(int choice, int call)
    {
        if (!_arguments.TryGetValue((choice, call), out var restorer))
        {
            restorer = new PlaceholderRestorer(map, json: true);
            _arguments[(choice, call)] = restorer;
        }

        return restorer;
    }

    private static ChatCompletionChunk CopyWith(ChatCompletionChunk parsed, List<ChunkChoice> choices) => new()
    {
        Id = parsed.Id,
        Object = parsed.Object,
        Created = parsed.Created,
        Model = parsed.Model,
        SystemFingerprint = parsed.SystemFingerprint,
        Choices = choices,
        Usage = parsed.Usage,
        Extra = parsed.Extra,
    };
}
