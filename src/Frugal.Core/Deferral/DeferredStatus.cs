namespace Frugal.Core.Deferral;

/// <summary>
/// A deferred call's life: <see cref="Pending"/> (waiting to be gathered) → <see cref="Submitting"/> (claimed by one
/// submission, its id stored before the batch job is asked for) → <see cref="Submitted"/> (the batch id is stored) →
/// <see cref="Completed"/> (200) or <see cref="Failed"/> (any other status, body = the OpenAI error).
/// </summary>
public enum DeferredStatus
{
    Pending,
    Submitting,
    Submitted,
    Completed,
    Failed,
}
