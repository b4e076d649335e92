namespace Frugal.Core.Admission;

/// <summary>One page of a key list; <see cref="HasMore"/> says whether asking again after the last id gives more.</summary>
public sealed record KeyPage(IReadOnlyList<KeyDetails> Keys, bool HasMore);
