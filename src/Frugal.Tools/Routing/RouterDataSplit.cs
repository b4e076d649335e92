using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Frugal.Tools.Routing;

/// <summary>
/// Deterministic train/test split and cross-validation folds by a hash of the prompt text, so
/// that a result is reproducible on any machine and in any file order, and a prompt that occurs
/// twice (MMLU has ~100 duplicates) always lands on the same side: the test set never holds a
/// prompt the router was trained on. SHA-256 is used only for its stable, uniform output.
/// </summary>
public static class RouterDataSplit
{
    /// <summary>A stable position in [0, 1) for <paramref name="prompt"/>; a different <paramref name="salt"/> gives an independent one.</summary>
    public static double Position(string prompt, string salt = "")
    {
        ArgumentNullException.ThrowIfNull(prompt);

        // Line endings and surrounding blanks are not part of a prompt's identity (the same file saved on Windows splits the same way).
        var canonical = salt + "\u0000" + prompt.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(canonical), hash);
        return (BinaryPrimitives.ReadUInt64LittleEndian(hash) >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>True when <paramref name="prompt"/> belongs to the test share.</summary>
    public static bool IsTest(string prompt, double testShare) => Position(prompt, "test") < testShare;

    /// <summary>Splits <paramref name="examples"/> into a training and a test part, keeping their order.</summary>
    public static (List<RouterExample> Train, List<RouterExample> Test) Split(IEnumerable<RouterExample> examples, double testShare)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(testShare, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(testShare, 1);
        var train = new List<RouterExample>();
        var test = new List<RouterExample>();
        foreach (var example in examples)
        {
            (IsTest(example.Prompt, testShare) ? test : train).Add(example);
        }

        return (train, test);
    }

    /// <summary>The cross-validation fold (0..<paramref name="folds"/>−1) of <paramref name="prompt"/>, independent of the test split.</summary>
    public static int Fold(string prompt, int folds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        return Math.Min(folds - 1, (int)(Position(prompt, "fold") * folds));
    }
}
