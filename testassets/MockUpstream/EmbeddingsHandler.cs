using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Frugal.MockUpstream;

/// <summary>
/// <c>POST /v1/embeddings</c>: deterministic unit vectors seeded by a hash of each input text, so equal
/// texts embed equally (what semantic-cache tests need) without any model.
/// </summary>
internal sealed class EmbeddingsHandler
{
    private const int DefaultDimensions = 16;
    private const int MaxDimensions = 8192;

    private readonly MockUpstreamOptions _options;
    private readonly FaultGate _faults;

    public EmbeddingsHandler(MockUpstreamOptions options, FaultGate faults)
    {
        _options = options;
        _faults = faults;
    }

    /// <param name="deployment">Azure deployment name (model fallback), or null.</param>
    public async Task HandleAsync(MockCall call, string? deployment)
    {
        string? model, error = null;
        List<string>? inputs = null;
        var dimensions = DefaultDimensions;
        var base64 = false;
        try
        {
            using var document = JsonDocument.Parse(call.Body);
            var root = document.RootElement;
            model = JsonRead.String(root, "model");
            if (string.IsNullOrEmpty(model))
            {
                model = deployment;
            }

            if (string.IsNullOrEmpty(model))
            {
                error = "you must provide a model parameter";
            }
            else if ((inputs = ReadInputs(JsonRead.Property(root, "input"))) is null)
            {
                error = "'input' must be a non-empty string, array of strings, or array of token arrays";
            }

            dimensions = Math.Clamp(JsonRead.Int(root, "dimensions") ?? DefaultDimensions, 1, MaxDimensions);
            base64 = JsonRead.String(root, "encoding_format") == "base64";
        }
        catch (JsonException ex)
        {
            model = null;
            error = $"We could not parse the JSON body of your request. ({ex.Message})";
        }

        if (error is not null || inputs is null || model is null)
        {
            await ProviderErrors.WriteAsync(call.Context, Provider.OpenAi, StatusCodes.Status400BadRequest, error ?? "invalid request");
            return;
        }

        // Directives work here too (latency, faults), scanned once over all inputs.
        var directives = DirectiveParser.Parse(string.Join('\n', inputs));
        var (handled, _) = await RequestPreamble.RunAsync(call, directives, _options, _faults, Provider.OpenAi, stream: false);
        if (handled)
        {
            return;
        }

        using var body = new JsonBody();
        var w = body.Writer;
        var vector = new float[dimensions];
        var raw = base64 ? new byte[dimensions * sizeof(float)] : null;
        var promptTokens = 0;
        w.WriteStartObject();
        w.WriteString("object", "list");
        w.WriteStartArray("data");
        for (var i = 0; i < inputs.Count; i++)
        {
            promptTokens += TokenCounter.Count(inputs[i]);
            Fill(vector, inputs[i]);
            w.WriteStartObject();
            w.WriteString("object", "embedding");
            w.WriteNumber("index", i);
            if (raw is not null)
            {
                for (var d = 0; d < vector.Length; d++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(d * sizeof(float)), vector[d]);
                }

                w.WriteBase64String("embedding", raw);
            }
            else
            {
                w.WriteStartArray("embedding");
                foreach (var f in vector)
                {
                    w.WriteNumberValue(f);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("model", model);
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", promptTokens);
        w.WriteNumber("total_tokens", promptTokens);
        w.WriteEndObject();
        w.WriteEndObject();
        await body.SendAsync(call.Context);
    }

    /// <summary>Accepts a string, an array of strings, a token array, or an array of token arrays (numbers become text).</summary>
    private static List<string>? ReadInputs(JsonElement input)
    {
        if (input.ValueKind == JsonValueKind.String)
        {
            return [input.GetString() ?? string.Empty];
        }

        if (input.ValueKind != JsonValueKind.Array || input.GetArrayLength() == 0)
        {
            return null;
        }

        var first = input[0];
        if (first.ValueKind == JsonValueKind.Number)
        {
            return [TokensAsText(input)];
        }

        var result = new List<string>(input.GetArrayLength());
        foreach (var item in input.EnumerateArray())
        {
            switch (item.ValueKind)
            {
                case JsonValueKind.String:
                    result.Add(item.GetString() ?? string.Empty);
                    break;
                case JsonValueKind.Array:
                    result.Add(TokensAsText(item));
                    break;
                default:
                    return null;
            }
        }

        return result;
    }

    private static string TokensAsText(JsonElement tokens)
    {
        var sb = new StringBuilder();
        foreach (var token in tokens.EnumerateArray())
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(token.GetRawText());
        }

        return sb.ToString();
    }

    /// <summary>SplitMix64 stream seeded with FNV-1a of the UTF-8 text, mapped to [-1, 1) and normalised to unit length.</summary>
    private static void Fill(float[] vector, string text)
    {
        var state = MockCall.Fnv1a(Encoding.UTF8.GetBytes(text));
        double sumSquares = 0;
        var values = new double[vector.Length];
        for (var i = 0; i < values.Length; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            values[i] = ((z >> 11) * (1.0 / (1UL << 53)) * 2.0) - 1.0;
            sumSquares += values[i] * values[i];
        }

        var norm = sumSquares > 0 ? Math.Sqrt(sumSquares) : 1;
        for (var i = 0; i < values.Length; i++)
        {
            vector[i] = (float)(values[i] / norm);
        }
    }
}
