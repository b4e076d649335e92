namespace Frugal.Tools.Routing;

/// <summary>One point of a router's cost/quality curve.</summary>
/// <param name="StrongShare">Share of calls sent to the strong model, 0..1.</param>
/// <param name="Accuracy">Share of prompts answered correctly by the model each was routed to.</param>
/// <param name="Pgr">Performance gap recovered: (accuracy − weak accuracy) / (strong accuracy − weak accuracy).</param>
public sealed record CurvePoint(double StrongShare, double Accuracy, double Pgr);
