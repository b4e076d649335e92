using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Functional;

/// <summary>
/// Issue #12 finding 6, generated: mutations of valid requests (type swaps, huge numbers, deep nesting,
/// nulls in arrays, invalid UTF-8, lone surrogates, control characters in model names, trailing bytes)
/// with a fixed seed and a bounded count. Every answer is a 200 or an OpenAI-shaped 4xx: no content
/// makes a 5xx, and so no billed upstream call is answered with one.
/// </summary>
public sealed class GeneratedFuzzTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const int Cases = 400;

    private static readonly string[] Seeds =
    [
        """{"model":"gpt-4o-mini","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"fuzz"}],"temperature":0.5,"top_p":1,"max_tokens":20,"n":1,"stop":["x"],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"a":{"type":"string"}}}}}],"metadata":{"k":"v"}}""",
        """{"model":"claude-sonnet-4","messages":[{"role":"user","content":[{"type":"text","text":"fuzz"}]},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c1","content":"42"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],"max_tokens":30,"stream":true}""",
        """{"model":"mock/gpt-4o","messages":[{"role":"user","content":"fuzz"}],"stream":true,"stream_options":{"include_usage":true},"presence_penalty":0.1,"frequency_penalty":0.2,"seed":7}""",
    ];

    private static readonly string[] RawNumbers = ["1e400", "-1e400", "1e-400", "123456789012345678901234567890", "-0", "2147483648", "9223372036854775808", "1.7976931348623157e309", "0.00000000000000000000000000001"];

    private static readonly string[] ModelNames = ["mock/gpt\u0001x", "mock/\u0000", "mock/a\r\nb", "mock/模型", "mock/\u007f", "mock/\u0085x", "mock/" + new string('m', 300), "mock/😀", "mock/ ", "/", "mock/"];

    private TestGateway Gateway => fixture.Gateway;

    [Fact]
    public async Task Generated_mutations_of_valid_requests_never_get_a_5xx()
    {
        var random = new Random(20261205);
        var failures = new List<string>();
        for (var i = 0; i < Cases; i++)
        {
            var body = Mutate(random, Seeds[i % Seeds.Length]);
            var path = random.Next(10) == 0 ? "/v1/embeddings" : "/v1/chat/completions";
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using var response = await Gateway.Http.SendAsync(request, timeout.Token);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            if (status is not (200 or (>= 400 and < 500)))
            {
                failures.Add($"#{i} {path} HTTP {status}: {Printable(body)} -> {text}");
                continue;
            }

            if (status != 200)
            {
                await OpenAIError.AssertAsync(response, status);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
    }

    private static byte[] Mutate(Random random, string seed)
    {
        var root = JsonNode.Parse(seed)!;
        var raw = new List<string>();
        var byteEdits = new List<Func<byte[], byte[]>>();
        var mutations = 1 + random.Next(3);
        for (var m = 0; m < mutations; m++)
        {
            var (parent, key, index) = PickSlot(random, root);
            JsonNode? Replacement() => random.Next(9) switch
            {
                0 => null,
                1 => JsonValue.Create(random.Next(2) == 0),
                2 => JsonValue.Create(random.Next(-5, 5)),
                3 => JsonValue.Create("swapped"),
                4 => new JsonArray(null, JsonValue.Create(1)),
                5 => new JsonObject { ["x"] = null },
                6 => Placeholder(raw, RawNumbers[random.Next(RawNumbers.Length)]),
                7 => Placeholder(raw, new string('[', 40 + random.Next(100)) + new string(']', 0)), // fixed below to balance
                _ => Placeholder(raw, "\"a\\ud800b\""),
            };

            switch (random.Next(8))
            {
                case 0: // control characters and odd names in the model
                    root["model"] = ModelNames[random.Next(ModelNames.Length)];
                    break;
                case 1: // a null inside the arrays converters walk
                    if (root["tools"] is JsonArray tools)
                    {
                        tools.Add(null);
                    }
                    else
                    {
                        root["tools"] = new JsonArray([null]);
                    }

                    break;
                case 2:
                    (root["messages"] as JsonArray)?.Insert(0, null);
                    break;
                case 3: // invalid UTF-8 inside a string
                    byteEdits.Add(bytes => InsertInsideString(random, bytes, [(byte)0xFF, (byte)0xC3]));
                    break;
                case 4: // bytes after the value
                    byteEdits.Add(bytes => [.. bytes, .. "}garbage"u8.ToArray()]);
                    break;
                default:
                    Set(parent, key, index, Replacement());
                    break;
            }
        }

        var text = root.ToJsonString();
        for (var r = 0; r < raw.Count; r++)
        {
            var value = raw[r].StartsWith('[') ? raw[r] + new string(']', raw[r].Length) : raw[r];
            text = text.Replace($"\"__RAW{r}__\"", value, StringComparison.Ordinal);
        }

        var result = Encoding.UTF8.GetBytes(text);
        foreach (var edit in byteEdits)
        {
            result = edit(result);
        }

        return result;
    }

    private static JsonValue Placeholder(List<string> raw, string value)
    {
        raw.Add(value);
        return JsonValue.Create($"__RAW{raw.Count - 1}__");
    }

    /// <summary>A random property or array slot anywhere in the tree (the root's own properties included).</summary>
    private static (JsonNode Parent, string? Key, int Index) PickSlot(Random random, JsonNode root)
    {
        var slots = new List<(JsonNode, string?, int)>();
        void Walk(JsonNode node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, child) in obj.ToList())
                    {
                        slots.Add((obj, key, -1));
                        if (child is not null)
                        {
                            Walk(child);
                        }
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        slots.Add((array, null, i));
                        if (array[i] is { } child)
                        {
                            Walk(child);
                        }
                    }

                    break;
            }
        }

        Walk(root);
        return slots[random.Next(slots.Count)];
    }

    private static void Set(JsonNode parent, string? key, int index, JsonNode? value)
    {
        if (parent is JsonObject obj)
        {
            obj[key!] = value;
        }
        else
        {
            ((JsonArray)parent)[index] = value;
        }
    }

    private static byte[] InsertInsideString(Random random, byte[] bytes, byte[] insert)
    {
        var quotes = Enumerable.Range(0, bytes.Length).Where(i => bytes[i] == '"').ToList();
        var at = quotes.Count == 0 ? bytes.Length / 2 : quotes[random.Next(quotes.Count)] + 1;
        return [.. bytes[..at], .. insert, .. bytes[at..]];
    }

    private static string Printable(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return text.Length > 300 ? text[..300] + "…" : text;
    }
}
