using Frugal.Core.Pipeline;

namespace Frugal.Core.Batching;

/// <summary>The created job's id, or why nothing was submitted.</summary>
public sealed record BatchJobSubmission(string? BatchId, GatewayError? Error)
{
    public static BatchJobSubmission Created(string batchId) => new(batchId, null);

    public static BatchJobSubmission Refused(GatewayError error) => new(null, error);
}
