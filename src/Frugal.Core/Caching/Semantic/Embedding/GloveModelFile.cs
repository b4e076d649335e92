using System.Runtime.InteropServices;
using System.Text;

namespace Frugal.Core.Caching.Semantic.Embedding;

/// <summary>
/// The compact model file written once by the installer (<c>frugal models pull glove</c>, Frugal.Tools) and read by
/// <see cref="GloveEmbedder"/>: <c>"FRUGALGV"</c>, format version, dimensions, word count, the
/// source package, the words (most frequent first, so a word's position is its frequency rank),
/// the matrix as little-endian float16 row per word, and an end marker that catches a truncated
/// file. float16 halves the size (68 MB for 341k × 100) at a precision loss far below what an
/// averaged sentence vector notices, and reads in one block.
/// </summary>
public static class GloveModelFile
{
    public const string FileName = "glove-100d.bin";
    private const string Magic = "FRUGALGV";
    private const int FormatVersion = 1;
    private const uint EndMarker = 0x444E4547; // "GEND"

    public static string PathIn(string dataDir) => Path.Combine(dataDir, "models", FileName);

    public static void Write(string path, string source, int dimensions, IReadOnlyList<string> words, Half[] matrix)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8))
        {
            writer.Write(Encoding.ASCII.GetBytes(Magic));
            writer.Write(FormatVersion);
            writer.Write(dimensions);
            writer.Write(words.Count);
            writer.Write(source);
            foreach (var word in words)
            {
                writer.Write(word);
            }

            writer.Write(MemoryMarshal.AsBytes(matrix.AsSpan(0, words.Count * dimensions)));
            writer.Write(EndMarker);
        }

        File.Move(temporary, path, overwrite: true); // readers never see a half-written model
    }

    public static (string Source, int Dimensions, string[] Words, Half[] Matrix) Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        if (Encoding.ASCII.GetString(reader.ReadBytes(Magic.Length)) != Magic || reader.ReadInt32() != FormatVersion)
        {
            throw new InvalidDataException($"{path} is not a Frugal GloVe model (or is a newer format); run 'frugal models pull glove' again.");
        }

        var dimensions = reader.ReadInt32();
        var count = reader.ReadInt32();
        if (dimensions is < 1 or > 4096 || count < 1 || (long)count * dimensions > Array.MaxLength)
        {
            throw new InvalidDataException($"{path}: corrupt header.");
        }

        var source = reader.ReadString();
        var words = new string[count];
        for (var i = 0; i < count; i++)
        {
            words[i] = reader.ReadString();
        }

        var matrix = new Half[count * dimensions];
        stream.ReadExactly(MemoryMarshal.AsBytes(matrix.AsSpan()));
        if (reader.ReadUInt32() != EndMarker)
        {
            throw new InvalidDataException($"{path} is truncated; run 'frugal models pull glove' again.");
        }

        return (source, dimensions, words, matrix);
    }
}
