using System.Security.Cryptography;

namespace Frugal.Server.Batching;

/// <summary>Frugal's ids for files, batches and output lines, shaped like OpenAI's (<c>file-…</c>, <c>batch_…</c>, <c>batch_req_…</c>), 96 random bits each.</summary>
public static class BatchIds
{
    public static string NewFile() => "file-" + Random();

    public static string NewBatch() => "batch_" + Random();

    public static string NewLine() => "batch_req_" + Random();

    /// <summary>The ledger request id of a batch line: the same on every run of the line, so a re-run is never billed twice.</summary>
    public static string LedgerRequestId(string batchId, string customId) => batchId + ":" + customId;

    /// <summary>The budget reservation of one line, made when the job is created and settled when the line ends.</summary>
    public static string Reservation(string batchId, string customId) => "batch:" + batchId + ":" + customId;

    private static string Random() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
