namespace Frugal.Core.Deferral;

/// <summary>Calls waiting to be gathered that share a key and a requested model, and when the oldest arrived.</summary>
public sealed record DeferredGroup(string KeyId, string Model, int Count, DateTimeOffset OldestCreatedAt);
