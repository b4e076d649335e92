namespace Frugal.Core.Batching;

/// <summary>
/// The state after a batch call, or the provider's refusal: <see cref="StatusCode"/> and a
/// masked, length-capped <see cref="ErrorMessage"/> (5xx and 429 are worth retrying later).
/// </summary>
public sealed record ProviderBatchCallResult(ProviderBatchState? State, int StatusCode, string? ErrorMessage)
{
    public bool Succeeded => State is not null;

    public static ProviderBatchCallResult Ok(ProviderBatchState state) => new(state, 200, null);

    public static ProviderBatchCallResult Refused(int statusCode, string message) => new(null, statusCode, message);
}
