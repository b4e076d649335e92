namespace Frugal.MockUpstream.Batches;

/// <summary>
/// Answers one batch line exactly as the synchronous endpoint would: the line's body goes through the same
/// handler on an in-memory HTTP context, so every directive (<c>[[tokens:N]]</c>, <c>[[cached:N]]</c>,
/// <c>[[fault:500]]</c>, <c>[[echo-auth:401]]</c> …) works per line. The batch request's credential headers
/// are copied in, as a provider would run the line with the batch owner's key.
/// </summary>
internal static class BatchLineRunner
{
    public static async Task<(int Status, byte[] Body)> RunAsync(
        Func<MockCall, Task> handler, Provider provider, byte[] body, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken)
    {
        var context = new DefaultHttpContext();
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        using var output = new MemoryStream();
        context.Response.Body = output;
        context.RequestAborted = cancellationToken;
        await handler(new MockCall(context, body));
        var bytes = output.ToArray();
        if (bytes.Length == 0)
        {
            // A disconnect fault: the synchronous caller would have seen a reset connection.
            return (StatusCodes.Status502BadGateway, provider == Provider.Anthropic
                ? """{"type":"error","error":{"type":"api_error","message":"mock 502: the line's connection was reset"}}"""u8.ToArray()
                : """{"error":{"message":"mock 502: the line's connection was reset","type":"server_error","param":null,"code":null}}"""u8.ToArray());
        }

        if (context.Response.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            // A text/plain error (a proxy's page): a result file holds JSON, so the text becomes the error message.
            var message = System.Text.Encoding.UTF8.GetString(bytes);
            using var wrapped = new MemoryStream();
            using (var w = new System.Text.Json.Utf8JsonWriter(wrapped, JsonBody.WriterOptions))
            {
                w.WriteStartObject();
                if (provider == Provider.Anthropic)
                {
                    w.WriteString("type", "error");
                }

                w.WriteStartObject("error");
                w.WriteString("type", provider == Provider.Anthropic ? "api_error" : "server_error");
                w.WriteString("message", message);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            return (context.Response.StatusCode, wrapped.ToArray());
        }

        return (context.Response.StatusCode, bytes);
    }
}
