namespace Frugal.Core.Accounting.Pricing;

/// <summary>
/// What the gateway does with a model that has no price. Neither choice records $0: an unpriced
/// call is either refused before anything is spent, or served and recorded with an unknown cost.
/// </summary>
public enum MissingPricePolicy
{
    /// <summary>Refuse the call before dispatch, naming the price that is missing.</summary>
    Reject,

    /// <summary>Serve the call and record its cost as unknown, so reports can show unpriced spend.</summary>
    Flag,
}
