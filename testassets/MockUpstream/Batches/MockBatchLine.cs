namespace Frugal.MockUpstream.Batches;

/// <summary>One request of a mock batch: its id, the body the synchronous endpoint gets, and its text (for directives).</summary>
internal sealed record MockBatchLine(string CustomId, byte[] Body, string Text);
