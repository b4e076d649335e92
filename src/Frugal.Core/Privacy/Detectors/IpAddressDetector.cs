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

    [GeneratedRegex(@"\d(?<![0-9A-Za-z.]\d)\d{0,2}(?:\.\d{1,3}){3}(?![0-9A-Za-z]|\.\d)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex V4();

    [GeneratedRegex(@"[0-9A-Fa-f:](?<![0-9A-Za-z:].)[0-9A-Fa-f]{0,3}:(?:[0-9A-Fa-f]{0,4}:){1,6}[0-9A-Fa-f]{0,4}(?![0-9A-Za-z:])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex V6();

    public void Detect(string text, List<PiiFinding> findings)
    {
        foreach (var match in V4().EnumerateMatches(text))
        {
            if (!OctetsInRange(text.AsSpan(match.Index, match.Length)))
            {
                continue;
            }

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

    private static bool OctetsInRange(ReadOnlySpan<char> address)
    {
        foreach (var range in address.Split('.'))
        {
            var octet = address[range];
            if ((octet.Length > 1 && octet[0] == '0') || int.Parse(octet, System.Globalization.CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return true;
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
