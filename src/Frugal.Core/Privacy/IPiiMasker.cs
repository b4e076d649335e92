using Frugal.Core.Pipeline;

namespace Frugal.Core.Privacy;

/// <summary>
/// Masks a request's text under a policy. Throws when it cannot finish (a detector failed, the time limit passed):
/// <see cref="PrivacyHandler"/> then refuses the request — it is never sent unmasked. Tests replace it to inject faults.
/// </summary>
public interface IPiiMasker
{
    PiiMaskResult Mask(GatewayRequest request, PrivacyPolicy policy);
}
