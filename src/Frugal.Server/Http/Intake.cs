using Frugal.Core.Pipeline;

namespace Frugal.Server.Http;

/// <summary>An accepted request: who sent it and its parsed body.</summary>
public sealed record Intake<T>(string RequestId, Tenant Tenant, T Body, long StartTimestamp);
