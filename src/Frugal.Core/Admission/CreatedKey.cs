namespace Frugal.Core.Admission;

/// <summary>A key just created: the only moment its secret exists outside the caller's hands.</summary>
public sealed record CreatedKey(KeyDetails Details, string Secret);
