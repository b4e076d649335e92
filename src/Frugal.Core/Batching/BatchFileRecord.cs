namespace Frugal.Core.Batching;

/// <summary>
/// A Frugal file (<c>purpose</c> batch for uploads, batch_output for a job's output and error files). The content is
/// on disk at <c>&lt;dataDir&gt;/files/&lt;id&gt;.jsonl</c>; <see cref="Endpoint"/> and <see cref="Model"/> are what
/// every line of an uploaded file names (checked at upload).
/// </summary>
public sealed record BatchFileRecord(string Id, string KeyId, string Purpose, string Filename, long Bytes, DateTimeOffset CreatedAt, int Lines, string? Endpoint, string? Model);
