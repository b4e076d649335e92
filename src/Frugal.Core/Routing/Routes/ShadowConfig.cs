namespace Frugal.Core.Routing.Routes;

/// <summary>
/// Live-traffic labelling for a route: a sampled share of the requests the route answered with a
/// cheaper model are also sent to the route's most capable model, and <see cref="Judge"/> says
/// whether the cheap answer was good enough. Off the client's path; costed as "evaluation".
/// </summary>
/// <param name="Sample">Share of eligible requests to label, 0–1.</param>
/// <param name="Judge">The model (configured name or provider/model) that judges the pair.</param>
public sealed record ShadowConfig(double Sample, string Judge);
