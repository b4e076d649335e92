namespace Frugal.MockUpstream.Batches;

/// <summary>An uploaded (or batch-produced) file of the mock's OpenAI Files API.</summary>
internal sealed record MockFile(string Id, string Filename, string Purpose, byte[] Content, long CreatedAt);
