using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Frugal.Core.Caching.Semantic.Embedding;

namespace Frugal.Tools.Routing;

/// <summary>
/// Sentence embeddings of training and evaluation prompts, cached in a file keyed by the SHA-256
/// of each prompt, so that embedding 14k MMLU prompts with a transformer is paid once per machine
/// and every later training or evaluation starts in seconds. The file is append-only: a header
/// (format, embedder name, dimensions) then one record per prompt (32-byte hash, little-endian
/// float32 vector). A file written by another embedder or dimension count is not read; a torn
/// last record (a run killed while appending) is ignored and rewritten.
/// </summary>
public static class PromptEmbeddings
{
    private const string Magic = "frugal-prompt-embeddings/1";
    private const int ChunkSize = 256;

    /// <summary>What <see cref="Embed"/> did: how many vectors came from the file and how long the rest took.</summary>
    /// <param name="Cached">Prompts whose vector was in the cache file.</param>
    /// <param name="Computed">Distinct prompts embedded now (a prompt repeated in the list is embedded once).</param>
    /// <param name="EmbedTime">Time spent embedding them.</param>
    public sealed record Stats(int Cached, int Computed, TimeSpan EmbedTime);

    /// <summary>One vector per prompt, in order; <paramref name="cacheFile"/> may be null (no cache).</summary>
    public static float[][] Embed(ILocalEmbedder embedder, IReadOnlyList<string> prompts, string? cacheFile, int maxParallelism, out Stats stats, TimeProvider? time = null, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(prompts);
        time ??= TimeProvider.System;
        var dimensions = embedder.Dimensions;
        var known = cacheFile is null ? new Dictionary<string, float[]>(StringComparer.Ordinal) : Read(cacheFile, embedder.Name, dimensions);
        var keys = prompts.Select(Key).ToArray();
        var vectors = new float[prompts.Count][];
        var missing = new List<int>();
        var pending = new HashSet<string>(StringComparer.Ordinal);
        var cached = 0;
        for (var i = 0; i < prompts.Count; i++)
        {
            if (known.TryGetValue(keys[i], out var vector))
            {
                vectors[i] = vector;
                cached++;
            }
            else if (pending.Add(keys[i]))
            {
                missing.Add(i);
            }
        }

        // In chunks, each appended as soon as it is done: a long first run that is stopped keeps what it embedded.
        var started = time.GetTimestamp();
        for (var chunk = 0; chunk < missing.Count; chunk += ChunkSize)
        {
            var part = missing.GetRange(chunk, Math.Min(ChunkSize, missing.Count - chunk));
            Parallel.ForEach(part, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxParallelism), CancellationToken = cancellationToken }, i => vectors[i] = embedder.Embed(prompts[i]));
            if (cacheFile is not null)
            {
                Append(cacheFile, embedder.Name, dimensions, part.Select(i => (keys[i], vectors[i])));
            }

            progress?.Report((chunk + part.Count) / (double)missing.Count);
        }

        var embedTime = time.GetElapsedTime(started);
        for (var i = 0; i < prompts.Count; i++)
        {
            // A prompt that occurs twice was embedded once.
            vectors[i] ??= vectors[missing.First(m => keys[m] == keys[i])];
        }

        stats = new Stats(cached, missing.Count, embedTime);
        return vectors;
    }

    private static string Key(string prompt) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(prompt)));

    private static string Header(string name, int dimensions) => $"{Magic}\t{name}\t{dimensions}\n";

    private static Dictionary<string, float[]> Read(string path, string name, int dimensions)
    {
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return result;
        }

        var bytes = File.ReadAllBytes(path);
        var header = Encoding.UTF8.GetBytes(Header(name, dimensions));
        if (!bytes.AsSpan().StartsWith(header))
        {
            return result; // another embedder's file: rebuilt from scratch by the next Append
        }

        var record = 32 + (dimensions * sizeof(float));
        for (var at = header.Length; at + record <= bytes.Length; at += record)
        {
            var vector = new float[dimensions];
            for (var d = 0; d < dimensions; d++)
            {
                vector[d] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(at + 32 + (d * sizeof(float))));
            }

            result[Convert.ToHexString(bytes.AsSpan(at, 32))] = vector;
        }

        return result;
    }

    private static void Append(string path, string name, int dimensions, IEnumerable<(string Key, float[] Vector)> records)
    {
        var header = Encoding.UTF8.GetBytes(Header(name, dimensions));
        var record = 32 + (dimensions * sizeof(float));
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite);
        var valid = file.Length >= header.Length && StartsWith(file, header);
        if (!valid)
        {
            file.SetLength(0);
            file.Write(header);
        }
        else
        {
            file.SetLength(header.Length + ((file.Length - header.Length) / record * record)); // drop a torn record
        }

        file.Seek(0, SeekOrigin.End);
        var buffer = new byte[record];
        foreach (var (key, vector) in records)
        {
            Convert.FromHexString(key).CopyTo(buffer, 0);
            for (var d = 0; d < dimensions; d++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(32 + (d * sizeof(float))), vector[d]);
            }

            file.Write(buffer);
        }
    }

    private static bool StartsWith(FileStream file, byte[] header)
    {
        var start = new byte[header.Length];
        file.Seek(0, SeekOrigin.Begin);
        file.ReadExactly(start);
        return start.AsSpan().SequenceEqual(header);
    }
}
