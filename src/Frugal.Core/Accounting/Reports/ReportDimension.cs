namespace Frugal.Core.Accounting.Reports;

/// <summary>What a report groups by (<c>--by</c>).</summary>
public enum ReportDimension
{
    Total,
    Model,
    Provider,
    Key,
    Team,
    Tag,
    Day,
    Hour,

    /// <summary>chat, embeddings, or evaluation (shadow and judge calls of route labelling): client spend apart from labelling spend.</summary>
    Endpoint,

    /// <summary>The stable prompt prefix the prompt-cache stage saw (route and prefix hash, or where the system prompt varies).</summary>
    Prefix,
}
