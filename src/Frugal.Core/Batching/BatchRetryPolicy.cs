namespace Frugal.Core.Batching;

/// <summary>
/// What happens to a line the provider did not run through no fault of its own (expired, cancelled by the provider,
/// 429/5xx): <see cref="Batch"/> puts it into a new provider batch while the job's 24 h window lasts (then it fails);
/// <see cref="Synchronous"/> does the same but runs what is left as ordinary calls once the window is too short;
/// <see cref="None"/> writes it to the error file at once.
/// </summary>
public enum BatchRetryPolicy
{
    Batch,
    Synchronous,
    None,
}
