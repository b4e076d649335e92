namespace Frugal.Core.Batching;

/// <summary>A batch job's status, with OpenAI's names: validating → in_progress → finalizing → completed | failed | expired, or cancelling → cancelled.</summary>
public static class BatchStatus
{
    public const string Validating = "validating";
    public const string InProgress = "in_progress";
    public const string Finalizing = "finalizing";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Expired = "expired";
    public const string Cancelling = "cancelling";
    public const string Cancelled = "cancelled";

    public static bool HasEnded(string status) => status is Completed or Failed or Expired or Cancelled;
}
