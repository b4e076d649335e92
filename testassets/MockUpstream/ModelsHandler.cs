namespace Frugal.MockUpstream;

/// <summary><c>GET /v1/models</c> in OpenAI's list shape.</summary>
internal static class ModelsHandler
{
    private static readonly (string Id, string Owner)[] Models =
    [
        ("gpt-4o-mini", "openai"),
        ("gpt-4o", "openai"),
        ("gpt-5", "openai"),
        ("gpt-5-mini", "openai"),
        ("claude-sonnet-4-20250514", "anthropic"),
        ("claude-haiku-4-5", "anthropic"),
        ("text-embedding-3-small", "openai"),
    ];

    public static async Task HandleAsync(HttpContext context)
    {
        using var body = new JsonBody();
        var w = body.Writer;
        w.WriteStartObject();
        w.WriteString("object", "list");
        w.WriteStartArray("data");
        foreach (var (id, owner) in Models)
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("object", "model");
            w.WriteNumber("created", 1_700_000_000);
            w.WriteString("owned_by", owner);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        await body.SendAsync(context);
    }
}
