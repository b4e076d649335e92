namespace Frugal.Core.Routing.Learned;

/// <summary>The JSON shape of one route's saved <see cref="StrongShareController"/> window (see <see cref="RouterShareStore"/>).</summary>
internal sealed class RouterShareDocument
{
    public string? Format { get; set; }

    public string? Route { get; set; }

    /// <summary><see cref="LearnedRouterModel.ScoreFingerprint"/> of the model that produced the scores: another model's scores are not restored.</summary>
    public string? Model { get; set; }

    public double TargetShare { get; set; }

    public int LiveScores { get; set; }

    public DateTimeOffset SavedAt { get; set; }

    /// <summary>The window, oldest first.</summary>
    public double[]? Scores { get; set; }
}
