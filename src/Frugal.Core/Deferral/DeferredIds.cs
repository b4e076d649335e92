using System.Security.Cryptography;

namespace Frugal.Core.Deferral;

/// <summary>Ids of deferred calls (<c>def_</c> + 24 random hex digits: unguessable, so one key cannot probe another's) and of submissions.</summary>
public static class DeferredIds
{
    public const string Prefix = "def_";

    public static string NewCallId() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public static string NewSubmissionId() => "dsub_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>Shape check before any lookup: <c>def_</c> and 24 lower-case hex digits.</summary>
    public static bool IsWellFormed(string? id)
    {
        if (id is not { Length: 28 } || !id.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in id.AsSpan(Prefix.Length))
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
