using System.Text;
using Frugal.Core.Pipeline;

namespace Frugal.Core.Routing.Routes;

/// <summary>
/// The <c>x-frugal-route</c> value: <c>route; tier=…; reason=…</c> plus <c>failover=from</c> when the
/// answer came from a later target and <c>skipped=provider,…</c> for providers whose circuit was open.
/// Header values must be ASCII, so other characters (Chinese keywords) are percent-encoded as UTF-8
/// by <see cref="AsciiHeaderValue"/> (<c>翻译</c> → <c>%E7%BF%BB%E8%AF%91</c>).
/// </summary>
public static class RouteHeader
{
    public const string Name = "x-frugal-route";

    public static string Format(string route, RoutePlan plan, string? answeredBy, IReadOnlyCollection<string> skipped)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var text = new StringBuilder(route);
        if (plan.Tier is { } tier)
        {
            text.Append("; tier=").Append(tier);
        }

        text.Append("; reason=").Append(plan.Reason.Replace(';', ','));
        if (answeredBy is not null && plan.Models.Count > 0 && answeredBy != plan.Models[0])
        {
            text.Append("; failover=").Append(plan.Models[0]).Append("->").Append(answeredBy);
        }

        if (skipped.Count > 0)
        {
            text.Append("; skipped=").Append(string.Join(',', skipped));
        }

        return AsciiHeaderValue.Of(text.ToString());
    }
}
