using Frugal.Core.Pipeline;

namespace Frugal.Core.Accounting;

/// <summary>
/// A stand-in for usage the upstream never reported (a stream cut short by a disconnect or an
/// error): providers still bill what they generated, so recording zero would under-count.
/// Four characters per token is the usual rule of thumb for English; it errs high for code.
/// </summary>
public static class UsageEstimator
{
    private const int CharactersPerToken = 4;

    public static TokenUsage Estimate(GatewayRequest request, long outputCharacters)
    {
        long inputCharacters = 0;
        foreach (var message in request.Chat?.Messages ?? [])
        {
            inputCharacters += message.TextContent().Length;
        }

        return new TokenUsage(Tokens(inputCharacters), 0, 0, 0, Tokens(outputCharacters), 0);
    }

    private static long Tokens(long characters) => (characters + CharactersPerToken - 1) / CharactersPerToken;
}
