namespace Frugal.Tools.Models;

/// <summary>What <see cref="GloveModelInstaller"/> did: where the model is, its size, and how long each step took.</summary>
public sealed record GloveInstallResult(string ModelPath, int Words, int Dimensions, long FileBytes, TimeSpan Download, TimeSpan Convert);
