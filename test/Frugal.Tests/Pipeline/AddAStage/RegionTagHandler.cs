using Frugal.Core.Pipeline;

namespace Frugal.Tests.Pipeline.AddAStage;

/// <summary>
/// A trivial stage added the "add a stage" way (handler + its feature + one <c>Use…</c> line): it notes which region
/// served the request. It sets only its own feature; the ledger picks it up through <see cref="RegionTagFeature"/>'s
/// contribution, with no edit to the ledger.
/// </summary>
public sealed class RegionTagHandler(IGatewayHandler inner, string region) : CheckingGatewayHandler(inner)
{
    protected override GatewayError? Check(GatewayRequest request)
    {
        request.Features.Set(new RegionTagFeature(region));
        return null;
    }
}
