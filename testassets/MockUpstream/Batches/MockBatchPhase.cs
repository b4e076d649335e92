namespace Frugal.MockUpstream.Batches;

/// <summary>Where a mock batch is on its compressed clock.</summary>
internal enum MockBatchPhase
{
    Validating,
    InProgress,
    Cancelling,
    Completed,
    Expired,
    Cancelled,
}
