namespace Frugal.Tests.Core.ConfigSections;

/// <summary>A section no part of Frugal knows: what a new feature's options look like.</summary>
public sealed record WidgetsConfig
{
    public int Size { get; init; } = 1;

    /// <summary>A configured model name, so the reader has to run after "models".</summary>
    public string? Model { get; init; }
}
