using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Frugal.Core.Configuration;
using Frugal.Server;
using Frugal.Tests.Infrastructure;
using Json.Schema;

namespace Frugal.Tests.Configuration;

/// <summary>
/// schema/frugal.schema.json stays true: it accepts README's frugal.json examples, it and the loader refuse the same
/// invalid configs, and every object the readers know has exactly the schema's properties (a reader that gains a key
/// fails here until the schema has it).
/// </summary>
public sealed partial class FrugalJsonSchemaTests
{
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(SchemaPath)));
    private static readonly Lazy<JsonObject> SchemaDocument = new(() => (JsonObject)JsonNode.Parse(File.ReadAllText(SchemaPath))!);

    private static string SchemaPath => Path.Combine(RepoRoot.Path, "schema", "frugal.schema.json");

    [Fact]
    public void The_schema_is_draft_2020_12_with_an_id()
    {
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", SchemaDocument.Value["$schema"]!.GetValue<string>());
        Assert.NotNull(SchemaDocument.Value["$id"]);
        Assert.False(SchemaDocument.Value["additionalProperties"]!.GetValue<bool>());
    }

    [Fact]
    public void Every_frugal_json_example_in_README_is_valid_under_the_schema()
    {
        var examples = ReadmeExamples();
        Assert.True(examples.Count >= 8, $"expected README's config examples, found {examples.Count}");
        foreach (var (example, text) in examples)
        {
            var result = Evaluate(example);
            Assert.True(result.IsValid, $"README example is invalid under the schema: {Describe(result)}\n{text}");
        }
    }

    [Fact]
    public void The_editor_line_is_accepted_by_the_schema_and_the_loader()
    {
        const string json = """{ "$schema": "./schema/frugal.schema.json", "cache": { "enabled": true } }""";

        Assert.True(Evaluate(JsonNode.Parse(json)!.AsObject()).IsValid);
        Assert.True(ConfigLoader.Parse(json, "test").IsValid);
    }

    [Theory]
    [InlineData("""{ "cache": { "enabled": "yes" } }""")]
    [InlineData("""{ "cache": { "enabeld": true } }""")]
    [InlineData("""{ "cache": { "backend": "disk" } }""")]
    [InlineData("""{ "cache": { "ttlSeconds": 0 } }""")]
    [InlineData("""{ "cache": { "semantic": { "maxCandidates": 65 } } }""")]
    [InlineData("""{ "unknownSection": {} }""")]
    [InlineData("""{ "auth": { "mode": "open" } }""")]
    [InlineData("""{ "auth": { "adminKey": 42 } }""")]
    [InlineData("""{ "providers": { "x": { "kind": "openai" } } }""")]
    [InlineData("""{ "providers": { "x": { "baseUrl": "ftp://host/v1" } } }""")]
    [InlineData("""{ "providers": { "x": { "baseUrl": "http://h/v1", "timeoutSeconds": 0 } } }""")]
    [InlineData("""{ "ledger": { "queueCapacity": 10 } }""")]
    [InlineData("""{ "limits": { "maxRequestBodyBytes": 100 } }""")]
    [InlineData("""{ "budgets": { "limits": [ { "scope": "planet", "window": "daily", "usd": 1 } ] } }""")]
    [InlineData("""{ "budgets": { "limits": [ { "scope": "global", "window": "weekly", "usd": 1 } ] } }""")]
    [InlineData("""{ "budgets": { "storage": "postgres" } }""")]
    [InlineData("""{ "redis": { "timeoutMs": 10 } }""")]
    [InlineData("""{ "telemetry": { "metricsAccess": "public" } }""")]
    [InlineData("""{ "privacy": { "mode": "hide" } }""")]
    [InlineData("""{ "compression": { "techniques": ["zip"] } }""")]
    [InlineData("""{ "promptCache": { "mode": "on" } }""")]
    [InlineData("""{ "routing": { "sticky": { "ttlMinutes": 0 } } }""")]
    [InlineData("""{ "prices": { "missingPolicy": "ignore" } }""")]
    [InlineData("""{ "dataDir": 7 }""")]
    [InlineData("""{ "providers": { "x": { "baseUrl": "http://h/v1", "proxy": "socks5://p:1080" } } }""")]
    [InlineData("""{ "batches": { "retry": "always" } }""")]
    [InlineData("""{ "deferral": { "routes": { "m": { "defer": "1h" } } } }""")]
    public void The_schema_and_the_loader_both_refuse(string json)
    {
        Assert.False(Evaluate(JsonNode.Parse(json)!.AsObject()).IsValid, $"the schema accepts {json}");
        Assert.False(ConfigLoader.Parse(json, "test").IsValid, $"the loader accepts {json}");
    }

    [Fact]
    public void Every_object_the_readers_know_has_the_schemas_properties()
    {
        var merged = new JsonObject();
        foreach (var (example, _) in ReadmeExamples())
        {
            foreach (var (key, value) in example)
            {
                merged[key] = value?.DeepClone();
            }
        }

        using var file = new ConfigFixture(merged.ToJsonString());
        var known = file.Load().KnownKeys; // problems (models the examples name but do not define) do not matter here

        Assert.True(known.Count >= 15, $"only {known.Count} objects read");
        var mismatches = new List<string>();
        Compare(merged, "$", SchemaDocument.Value, known, mismatches);
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    private static void Compare(JsonNode? instance, string path, JsonObject schema, IReadOnlyDictionary<string, IReadOnlyCollection<string>> known, List<string> mismatches)
    {
        schema = Resolve(schema);
        if (instance is JsonObject obj)
        {
            var properties = schema["properties"] as JsonObject;
            if (known.TryGetValue(path, out var keys) && properties is not null)
            {
                var inSchema = properties.Select(p => p.Key).Where(k => k != "$schema").Order(StringComparer.Ordinal).ToList();
                var inReader = keys.Order(StringComparer.Ordinal).ToList();
                if (!inSchema.SequenceEqual(inReader))
                {
                    mismatches.Add($"{path}: readers know [{string.Join(", ", inReader)}], schema has [{string.Join(", ", inSchema)}]");
                }
            }

            foreach (var (key, value) in obj)
            {
                var childSchema = properties?[key] as JsonObject ?? schema["additionalProperties"] as JsonObject;
                if (childSchema is not null)
                {
                    Compare(value, JsonConfigReader.Child(path, key), childSchema, known, mismatches);
                }
            }
        }
        else if (instance is JsonArray array && schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Compare(array[i], $"{path}[{i}]", items, known, mismatches);
            }
        }
    }

    private static JsonObject Resolve(JsonObject schema)
        => schema["$ref"] is JsonValue reference && reference.GetValue<string>() is { } target && target.StartsWith("#/$defs/", StringComparison.Ordinal)
            ? (JsonObject)SchemaDocument.Value["$defs"]![target["#/$defs/".Length..]]!
            : schema;

    /// <summary>
    /// README's ```json blocks whose top-level keys are all frugal.json root keys: a whole object, or a fragment of
    /// root properties ("privacy": {…}). Comments are allowed (the loader skips them); an elided list <c>[ … ]</c> reads as empty.
    /// </summary>
    private static List<(JsonObject Example, string Text)> ReadmeExamples()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot.Path, "README.md"));
        var examples = new List<(JsonObject, string)>();
        foreach (Match match in JsonBlocks().Matches(readme))
        {
            var text = match.Groups[1].Value.Replace("[ … ]", "[]", StringComparison.Ordinal);
            foreach (var candidate in new[] { text, "{" + text + "}" })
            {
                JsonNode? node;
                try
                {
                    node = JsonNode.Parse(candidate, documentOptions: Lenient);
                }
                catch (JsonException)
                {
                    continue;
                }

                if (node is JsonObject obj && obj.Count > 0 && obj.All(p => ConfigLoader.Schema.RootKeys.Contains(p.Key)))
                {
                    examples.Add((obj, text));
                }

                break;
            }
        }

        return examples;
    }

    private static EvaluationResults Evaluate(JsonObject instance)
    {
        using var document = JsonDocument.Parse(instance.ToJsonString());
        return Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Describe(EvaluationResults result)
        => string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join(", ", d.Errors!.Values)}"));

    [GeneratedRegex("```json\\n(.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlocks();
}
