namespace Frugal.Cli.Demo;

/// <summary>
/// What the gateway answered to one demo request: status, cache outcome (x-frugal-cache), request id, the route
/// header (auto's tier and reason) and, for a non-streamed answer, its text (MockUpstream echoes the question it
/// answered, which tells whether a cached answer was meant for a question of the same intent).
/// </summary>
public sealed record DemoOutcome(DemoRequest Request, int Status, string CacheOutcome, string? RequestId, string? Route, string? AnswerText);
