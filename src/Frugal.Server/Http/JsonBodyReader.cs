using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Frugal.Core.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Frugal.Server.Http;

/// <summary>
/// Reads a JSON request body with a size limit and parses it straight from the pipe's buffers,
/// answering the client's mistakes (too large, not JSON, wrong types) with a precise message.
/// </summary>
public static class JsonBodyReader
{
    public static async ValueTask<GatewayResult<T>> ReadAsync<T>(HttpContext context, long limitBytes, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (context.Request.ContentLength > limitBytes)
        {
            return GatewayError.PayloadTooLarge(limitBytes);
        }

        var reader = context.Request.BodyReader;
        ReadResult result;
        while (true)
        {
            result = await reader.ReadAsync(context.RequestAborted);
            if (result.Buffer.Length > limitBytes)
            {
                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                return GatewayError.PayloadTooLarge(limitBytes);
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                break;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End); // keep everything, ask for more
        }

        try
        {
            return Parse(result.Buffer, typeInfo);
        }
        finally
        {
            reader.AdvanceTo(result.Buffer.End);
        }
    }

    private static GatewayResult<T> Parse<T>(ReadOnlySequence<byte> body, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (body.IsEmpty)
        {
            return GatewayError.InvalidRequest("The request body is empty; send a JSON object.");
        }

        try
        {
            var json = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 128 });
            var value = JsonSerializer.Deserialize(ref json, typeInfo);
            return value is null
                ? GatewayError.InvalidRequest("The request body must be a JSON object, not null.")
                : value;
        }
        catch (JsonException ex)
        {
            return GatewayError.InvalidRequest(Describe(ex), param: ParamOf(ex.Path));
        }
    }

    /// <summary>A message a person can act on, without the serializer's internal type names.</summary>
    private static string Describe(JsonException ex)
    {
        var path = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? null : ex.Path;
        var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : string.Empty;
        return path is null
            ? $"The request body is not valid JSON{where}."
            : $"Invalid value at '{path}'{where}: it has the wrong type or is not valid JSON.";
    }

    private static string? ParamOf(string? path) => string.IsNullOrEmpty(path) || path == "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
}
