using System.Text.Json;
using Frugal.Core.Pipeline;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;

namespace Frugal.Providers.Batches;

/// <summary>
/// The OpenAI error bodies of failed batch lines: an upstream line error after the kind's error parser
/// (masked, status mapped by <c>UpstreamErrors.FromStatus</c>, as for the synchronous call), and the lines
/// that never ran. Expired lines are 408 <c>batch_expired</c>, lines of a cancelled batch 409
/// <c>batch_cancelled</c>: both retryable, since they failed through no fault of their own.
/// </summary>
public static class BatchErrorBodies
{
    public const string ExpiredCode = "batch_expired";

    public const string CancelledCode = "batch_cancelled";

    public const int ExpiredStatus = 408;

    public const int CancelledStatus = 409;

    public static byte[] From(GatewayError error)
        => Body(error.Message, error.Type, error.Code, error.Param);

    public static byte[] Body(string message, string type, string? code, string? param = null)
        => JsonSerializer.SerializeToUtf8Bytes(
            new ErrorResponse { Error = new ErrorBody { Message = message, Type = type, Code = code, Param = param } },
            ProtocolJson.Context.ErrorResponse);

    public static byte[] Expired(string provider)
        => Body($"Provider '{provider}' did not run this request before the batch's completion window expired.", "batch_error", ExpiredCode);

    public static byte[] Cancelled(string provider)
        => Body($"Provider '{provider}' did not run this request because the batch was cancelled.", "batch_error", CancelledCode);
}
