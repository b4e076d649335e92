namespace Frugal.Server.Endpoints.AdminKeys;

/// <summary><c>GET /admin/keys</c>: one page; pass <see cref="NextAfter"/> as <c>?after=</c> for the next one.</summary>
public sealed class KeyListResponse
{
    public string Object { get; init; } = "list";

    public required IReadOnlyList<KeyResponse> Data { get; init; }

    public bool HasMore { get; init; }

    public string? NextAfter { get; init; }
}
