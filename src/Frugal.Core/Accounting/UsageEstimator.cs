using Frugal.Core.Pipeline;
using Frugal.Core.Text;

namespace Frugal.Core.Accounting;

/// <summary>
/// A stand-in for usage the upstream never reported (a stream cut short by a disconnect or an
/// error): providers still bill what they generated, so recording zero would under-count.
/// The count is <see cref="CharacterTokenEstimate.Plain"/> over the summed characters (rounded once).
/// </summary>
public static class UsageEstimator
{
    public static TokenUsage Estimate(GatewayRequest request, long outputCharacters)
    {
        long inputCharacters = 0;
        foreach (var message in request.Chat?.Messages ?? [])
        {
            inputCharacters += message.TextContent().Length;
        }

        return new TokenUsage(CharacterTokenEstimate.ForCharacters(inputCharacters), 0, 0, 0, CharacterTokenEstimate.ForCharacters(outputCharacters), 0);
    }
}
