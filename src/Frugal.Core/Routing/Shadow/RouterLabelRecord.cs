namespace Frugal.Core.Routing.Shadow;

/// <summary>A stored label from live traffic: was the weak model's answer to this prompt good enough?</summary>
public sealed record RouterLabelRecord(
    DateTimeOffset Timestamp,
    string RequestId,
    string Route,
    string Prompt,
    string WeakModel,
    string StrongModel,
    string JudgeModel,
    bool WeakGoodEnough,
    string JudgeVerdict);
