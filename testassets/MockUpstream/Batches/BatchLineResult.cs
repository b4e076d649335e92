namespace Frugal.MockUpstream.Batches;

/// <summary>How one line of a mock batch ended: answered (status + body as the synchronous endpoint wrote them), expired or cancelled.</summary>
internal sealed record BatchLineResult(string CustomId, int Status, byte[] Body, BatchLineFate Fate);
