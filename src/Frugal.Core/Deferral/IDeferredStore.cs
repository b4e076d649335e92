namespace Frugal.Core.Deferral;

/// <summary>
/// Durable deferred calls (SQLite in the data directory: deferral.db). Every state change is one transaction, and
/// each transition names the state it leaves, so a call moves forward at most once (a late or repeated outcome for
/// a call already finished, or for another batch, changes nothing).
/// </summary>
public interface IDeferredStore
{
    void Add(DeferredCall call);

    /// <summary>The call, or null when no call has this id <em>for this key</em>.</summary>
    DeferredCall? Find(string id, string keyId);

    /// <summary>Groups of <see cref="DeferredStatus.Pending"/> calls, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<DeferredGroup> PendingGroups(int limit);

    /// <summary>Moves up to <paramref name="max"/> of the group's oldest pending calls to Submitting under <paramref name="submissionId"/> and returns them.</summary>
    IReadOnlyList<DeferredCall> Claim(string keyId, string model, string submissionId, int max, DateTimeOffset now);

    /// <summary>Submissions whose calls are still Submitting (a crash between claim and the stored batch id), with their calls.</summary>
    IReadOnlyList<IReadOnlyList<DeferredCall>> UnfinishedSubmissions(int limit);

    void MarkSubmitted(string submissionId, string batchId, DateTimeOffset now);

    /// <summary>Every call of a submission the batch jobs refused ends with that error.</summary>
    void FailSubmission(string submissionId, int statusCode, byte[] body, DateTimeOffset now, bool webhookDue);

    /// <summary>Submitted calls (oldest first) to ask the batch jobs about.</summary>
    IReadOnlyList<DeferredCall> Submitted(int limit);

    /// <summary>Finishes a Submitted call of <paramref name="batchId"/>; false when it is not (any longer) waiting for that batch.</summary>
    bool Finish(string id, string batchId, int statusCode, byte[] body, decimal? costUsd, DateTimeOffset now);

    /// <summary>Finished calls with a webhook still to deliver whose next attempt is due.</summary>
    IReadOnlyList<DeferredCall> DueWebhooks(DateTimeOffset now, int limit);

    void WebhookDelivered(string id);

    void WebhookRetryAt(string id, int attempts, DateTimeOffset nextAttempt);

    void WebhookAbandoned(string id, int attempts);

    /// <summary>Deletes finished calls older than <paramref name="cutoff"/> with no webhook left to deliver; returns how many.</summary>
    int DeleteFinishedBefore(DateTimeOffset cutoff, int limit);
}
