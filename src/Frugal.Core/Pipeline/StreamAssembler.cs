using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Pipeline;

/// <summary>
/// Folds the chunks of a streamed answer into the one completion a non-streaming call would have
/// returned: content and refusal concatenated, tool calls merged by index (arguments concatenated),
/// finish reason and usage kept. Not thread-safe: one per stream.
/// </summary>
public sealed class StreamAssembler
{
    private readonly SortedDictionary<int, ChoiceParts> _choices = [];
    private string? _id;
    private string? _model;
    private string? _fingerprint;
    private long _created;
    private ChatUsage? _usage;

    public void Add(ChatCompletionChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        _id ??= chunk.Id;
        _model ??= chunk.Model;
        _fingerprint ??= chunk.SystemFingerprint;
        if (_created == 0)
        {
            _created = chunk.Created;
        }

        if (chunk.Usage is { } usage)
        {
            _usage = usage;
        }

        foreach (var choice in chunk.Choices)
        {
            if (!_choices.TryGetValue(choice.Index, out var parts))
            {
                parts = new ChoiceParts();
                _choices[choice.Index] = parts;
            }

            parts.Add(choice);
        }
    }

    /// <summary>The content of choice <paramref name="index"/> so far ("" when it has none yet).</summary>
    public string ContentOf(int index) => _choices.TryGetValue(index, out var parts) ? parts.Content : string.Empty;

    /// <summary>The assembled completion; null if no choice ever finished (a cut stream is never cached).</summary>
    public ChatCompletionResponse? Build()
    {
        if (_choices.Count == 0)
        {
            return null;
        }

        var response = new ChatCompletionResponse { Id = _id, Created = _created, Model = _model, SystemFingerprint = _fingerprint, Usage = _usage };
        foreach (var (index, parts) in _choices)
        {
            if (parts.FinishReason is null)
            {
                return null;
            }

            response.Choices.Add(parts.Build(index));
        }

        return response;
    }

    private sealed class ChoiceParts
    {
        private readonly System.Text.StringBuilder _content = new();
        private readonly System.Text.StringBuilder _refusal = new();
        private readonly SortedDictionary<int, (ToolCall Call, System.Text.StringBuilder Arguments)> _tools = [];
        private string? _role;
        private bool _hasContent;

        public string? FinishReason { get; private set; }

        public string Content => _content.ToString();

        public void Add(ChunkChoice choice)
        {
            var delta = choice.Delta;
            _role ??= delta.Role;
            if (delta.Content is { } content)
            {
                _content.Append(content);
                _hasContent = true;
            }

            if (delta.Refusal is { } refusal)
            {
                _refusal.Append(refusal);
            }

            foreach (var call in delta.ToolCalls ?? [])
            {
                var index = call.Index ?? _tools.Count;
                if (!_tools.TryGetValue(index, out var entry))
                {
                    entry = (new ToolCall { Id = call.Id, Type = call.Type ?? "function", Function = new FunctionCall { Name = call.Function?.Name } }, new System.Text.StringBuilder());
                    _tools[index] = entry;
                }

                entry.Call.Id ??= call.Id;
                if (call.Function?.Name is { } name && entry.Call.Function!.Name is null)
                {
                    entry.Call.Function.Name = name;
                }

                entry.Arguments.Append(call.Function?.Arguments);
            }

            FinishReason = choice.FinishReason ?? FinishReason;
        }

        public ChatChoice Build(int index)
        {
            var message = new ChatMessage
            {
                Role = _role ?? "assistant",
                Content = _hasContent || _tools.Count == 0 ? System.Text.Json.JsonSerializer.SerializeToElement(_content.ToString(), Protocol.Json.ProtocolJson.Context.String) : null,
                Refusal = _refusal.Length > 0 ? _refusal.ToString() : null,
            };
            if (_tools.Count > 0)
            {
                message.ToolCalls = [];
                foreach (var (_, (call, arguments)) in _tools)
                {
                    call.Function!.Arguments = arguments.ToString();
                    message.ToolCalls.Add(call);
                }
            }

            return new ChatChoice { Index = index, Message = message, FinishReason = FinishReason };
        }
    }
}
