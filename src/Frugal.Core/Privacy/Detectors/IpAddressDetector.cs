using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Frugal.Core.Privacy.Detectors;

/// <summary>IPv4 (octets ≤ 255, not part of a longer dotted number such as a version) and IPv6 (confirmed by the parser).</summary>
public sealed partial class IpAddressDetector : IPiiDetector
{
    private const double V4Score = 0.6;
    private const double V6Score = 0.7;

    public PiiEntityType Entity => PiiEntityType.IpAddress;

    public IReadOnlyList<string> ContextWords { get; } = ["ip", "address", "server", "host", "login", "地址"];

    [GeneratedRegex(@"(?<![0-9A-Za-z.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![0-9A-Za-z]|\.\d)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex V4();

    [GeneratedRegex(@"(?<![0-9A-Za-z:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Za-z:])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex V6();

    public void Detect(string text, List<PiiFinding> findings)
    {
        foreach (var match in V4().EnumerateMatches(text))
        {
            findings.Add(new PiiFinding(match.Index, match.Length, Entity, V4Score));
        }

        if (!text.Contains(':', StringComparison.Ordinal))
        {
            return;
        }

        foreach (var match in V6().EnumerateMatches(text))
        {
            var span = text.AsSpan(match.Index, match.Length);
            if (match.Length >= 6 && HasHexDigit(span) && IPAddress.TryParse(span, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                findings.Add(new PiiFinding(match.Index, match.Length, Entity, V6Score));
            }
        }
    }

    private static bool HasHexDigit(ReadOnlySpan<char> span)
    {
        var groups = 0;
        foreach (var c in span)
        {
            if (char.IsAsciiHexDigit(c))
            {
                groups++;
            }
        }

        return groups >= 3; // "1:2" or a clock time "12:30:45" is not an address worth masking
    }
}
