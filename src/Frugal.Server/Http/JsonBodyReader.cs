using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Frugal.Core.Pipeline;
using Frugal.Protocol.Json;
using Microsoft.AspNetCore.Http;

namespace Frugal.Server.Http;

/// <summary>
/// Reads a JSON request body with a size limit and parses it straight from the pipe's buffers,
/// answering the client's mistakes (too large, not JSON, wrong types) with a precise message.
/// Text that parses but could not be written again later (invalid UTF-8, a lone surrogate escape,
/// nesting deeper than <see cref="ProtocolJson.MaxRequestDepth"/>, bytes after the JSON value) is
/// refused here, before anything is sent upstream or billed.
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

    /// <summary>Parses a complete body; public so the rules can be checked without a server.</summary>
    public static GatewayResult<T> Parse<T>(ReadOnlySequence<byte> body, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (body.IsEmpty)
        {
            return GatewayError.InvalidRequest("The request body is empty; send a JSON object.");
        }

        if (JsonText.FindProblem(body) is { } problem)
        {
            return GatewayError.InvalidRequest(problem);
        }

        try
        {
            var json = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = ProtocolJson.MaxRequestDepth });
            var value = JsonSerializer.Deserialize(ref json, typeInfo);
            if (value is null)
            {
                return GatewayError.InvalidRequest("The request body must be a JSON object, not null.");
            }

            // Deserialize stops after one value; anything but whitespace after it is not a JSON body
            // (Read throws for it, as the reader was told this is the final block).
            if (json.Read())
            {
                return GatewayError.InvalidRequest($"The request body has data after the JSON value (byte {json.TokenStartIndex + 1}); send exactly one JSON object.");
            }

            return value;
        }
        catch (JsonException ex)
        {
            return GatewayError.InvalidRequest(Describe(ex), param: ParamOf(ex.Path));
        }
    }

    /// <summary>A message a person can act on, without the serializer's internal type names.</summary>
    private static string Describe(JsonException ex)
    {
        var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : string.Empty;
        if (ex.Message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return $"The request body nests JSON deeper than {ProtocolJson.MaxRequestDepth} levels{where}.";
        }

        if (ex.Message.Contains("after a single JSON value", StringComparison.Ordinal))
        {
            return $"The request body has data after the JSON value{where}; send exactly one JSON object.";
        }

        var path = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? null : ex.Path;
        return path is null
            ? $"The request body is not valid JSON{where}."
            : $"Invalid value at '{path}'{where}: it has the wrong type or is not valid JSON.";
    }

    private static string? ParamOf(string? path) => string.IsNullOrEmpty(path) || path == "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
}
