namespace Frugal.Protocol.Sse;

/// <summary>
/// An event stream sent a line or an event larger than <see cref="SseReader.MaxEventBytes"/>: reading
/// stopped there instead of buffering without limit (a stream without newlines would otherwise grow
/// the reader's memory for as long as the sender keeps sending).
/// </summary>
public sealed class SseLimitExceededException(string message) : Exception(message);
