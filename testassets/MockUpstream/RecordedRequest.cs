namespace Frugal.MockUpstream;

/// <summary>
/// One request as the mock received it, so tests can assert what a gateway actually sent upstream
/// (rewritten model names, injected headers, forwarded unknown fields, ...).
/// </summary>
public sealed class RecordedRequest
{
    public required string Method { get; init; }

    public required string Path { get; init; }

    /// <summary>Query string including the leading '?', or empty.</summary>
    public required string Query { get; init; }

    /// <summary>Raw request body decoded as UTF-8 (empty for bodiless requests).</summary>
    public required string Body { get; init; }

    /// <summary>Only the credential/version headers a gateway is expected to set or forward.</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Case-insensitive header lookup; null when the header was not sent.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
