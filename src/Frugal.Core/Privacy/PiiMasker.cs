using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Frugal.Core.Pipeline;
using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Privacy;

/// <summary>
/// Masks every piece of user text a request carries — message content (strings and text parts), tool-call arguments
/// of earlier turns, embeddings input strings — on copies: the client's request objects are never changed. Texts are
/// scanned in message order so placeholders are numbered by first appearance. Checks the time limit after each text.
/// </summary>
public sealed partial class PiiMasker(PiiScanner scanner, TimeSpan timeout, TimeProvider time) : IPiiMasker
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [GeneratedRegex(@"<([A-Z][A-Z0-9_]*)_(\d{1,9})>", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ExistingPlaceholder();

    public PiiMaskResult Mask(GatewayRequest request, PrivacyPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policy);
        var run = new Run(scanner, policy, time, timeout);
        ChatCompletionRequest? chat = null;
        EmbeddingRequest? embedding = null;
        if (request.Chat is { Messages: { } messages } original)
        {
            ReserveExisting(run, messages);
            List<ChatMessage>? masked = null;
            for (var i = 0; i < messages.Count; i++)
            {
                var message = messages[i];
                var copy = MaskMessage(run, message);
                if (!ReferenceEquals(copy, message) && masked is null)
                {
                    masked = [.. messages];
                }

                if (masked is not null)
                {
                    masked[i] = copy;
                }
            }

            if (masked is not null)
            {
                chat = original.ShallowClone();
                chat.Messages = masked;
            }
        }
        else if (request.Embedding is { Input: { } input } originalEmbedding)
        {
            var maskedInput = MaskEmbeddingInput(run, input);
            if (maskedInput is { } changed)
            {
                embedding = originalEmbedding.ShallowClone();
                embedding.Input = changed;
            }
        }

        return run.Result(chat, embedding);
    }

    private static void ReserveExisting(Run run, List<ChatMessage> messages)
    {
        foreach (var message in messages)
        {
            if (message.Content is { ValueKind: JsonValueKind.String } content && content.GetString() is { } text && text.Contains('<', StringComparison.Ordinal))
            {
                foreach (Match match in ExistingPlaceholder().Matches(text))
                {
                    run.Map.Reserve(match.Groups[1].Value, int.Parse(match.Groups[2].ValueSpan, System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
    }

    private static ChatMessage MaskMessage(Run run, ChatMessage message)
    {
        var content = message.Content is { } value ? MaskContent(run, value) : null;
        var calls = MessageRewrite.Arguments(message.ToolCalls, run, static (run, arguments) => run.Mask(arguments));
        return MessageRewrite.With(message, content, calls);
    }

    /// <summary>The masked content, or null when nothing in it changed.</summary>
    private static JsonElement? MaskContent(Run run, JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return run.Mask(content.GetString()!) is { } masked ? JsonStringElement.Of(masked) : null;
            case JsonValueKind.Array:
                string?[]? texts = null;
                var index = 0;
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String
                        && run.Mask(text.GetString()!) is { } maskedPart)
                    {
                        texts ??= new string?[content.GetArrayLength()];
                        texts[index] = maskedPart;
                    }

                    index++;
                }

                return texts is null ? null : PartsWithTexts(content, texts);
            default:
                return null;
        }
    }

    private static JsonElement? MaskEmbeddingInput(Run run, JsonElement input)
    {
        if (input.ValueKind == JsonValueKind.String)
        {
            return run.Mask(input.GetString()!) is { } masked ? JsonStringElement.Of(masked) : null;
        }

        if (input.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        string?[]? texts = null;
        var index = 0;
        foreach (var item in input.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && run.Mask(item.GetString()!) is { } masked)
            {
                texts ??= new string?[input.GetArrayLength()];
                texts[index] = masked;
            }

            index++;
        }

        if (texts is null)
        {
            return null;
        }

        return Write(writer =>
        {
            writer.WriteStartArray();
            var i = 0;
            foreach (var item in input.EnumerateArray())
            {
                if (texts[i] is { } masked)
                {
                    writer.WriteStringValue(masked);
                }
                else
                {
                    item.WriteTo(writer);
                }

                i++;
            }

            writer.WriteEndArray();
        });
    }

    private static JsonElement PartsWithTexts(JsonElement parts, string?[] texts) => Write(writer =>
    {
        writer.WriteStartArray();
        var i = 0;
        foreach (var part in parts.EnumerateArray())
        {
            if (texts[i] is { } masked)
            {
                writer.WriteStartObject();
                foreach (var property in part.EnumerateObject())
                {
                    if (property.NameEquals("text"))
                    {
                        writer.WriteString("text", masked);
                    }
                    else
                    {
                        property.WriteTo(writer);
                    }
                }

                writer.WriteEndObject();
            }
            else
            {
                part.WriteTo(writer);
            }

            i++;
        }

        writer.WriteEndArray();
    });

    private static JsonElement Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>The state of masking one request: the placeholder map, counts, blocked types and the deadline.</summary>
    private sealed class Run(PiiScanner scanner, PrivacyPolicy policy, TimeProvider time, TimeSpan timeout)
    {
        private readonly long _started = time.GetTimestamp();
        private readonly List<PiiFinding> _findings = [];
        private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
        private readonly Dictionary<string, PiiAction> _actions = new(StringComparer.Ordinal);
        private readonly SortedSet<string> _blocked = new(StringComparer.Ordinal);
        private readonly StringBuilder _builder = new();

        public PlaceholderMap Map { get; } = new();

        /// <summary>The masked text, or null when nothing in it is acted on.</summary>
        public string? Mask(string text)
        {
            scanner.Scan(text, _findings);
            if (time.GetElapsedTime(_started) > timeout)
            {
                throw new PiiMaskingTimeoutException($"PII masking took longer than {timeout.TotalMilliseconds:0} ms.");
            }

            if (_findings.Count == 0)
            {
                return null;
            }

            _builder.Clear();
            var copied = 0;
            var changed = false;
            foreach (var finding in _findings)
            {
                var action = policy.ActionFor(finding.Entity);
                if (action == PiiAction.Off)
                {
                    continue;
                }

                var name = finding.Entity.Name;
                _counts[name] = _counts.GetValueOrDefault(name) + 1;
                _actions[name] = action;
                if (action == PiiAction.Block)
                {
                    _blocked.Add(name);
                    continue;
                }

                var original = text.Substring(finding.Start, finding.Length);
                _builder.Append(text, copied, finding.Start - copied);
                _builder.Append(action == PiiAction.Mask ? Map.PlaceholderFor(finding.Entity, original) : "<" + finding.Entity.Tag + ">");
                copied = finding.End;
                changed = true;
            }

            if (!changed)
            {
                return null;
            }

            _builder.Append(text, copied, text.Length - copied);
            return _builder.ToString();
        }

        public PiiMaskResult Result(ChatCompletionRequest? chat, EmbeddingRequest? embedding) => new()
        {
            Chat = chat,
            Embedding = embedding,
            Map = Map,
            Counts = _counts,
            Blocked = [.. _blocked],
            Actions = _actions,
        };
    }
}
