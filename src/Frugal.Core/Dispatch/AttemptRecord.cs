using Frugal.Core.Pipeline;

namespace Frugal.Core.Dispatch;

/// <summary>One upstream call made for a client request: where, how it ended, how long it took.</summary>
public sealed record AttemptRecord(string Provider, string UpstreamModel, int StatusCode, GatewayErrorKind? ErrorKind, TimeSpan Duration);
